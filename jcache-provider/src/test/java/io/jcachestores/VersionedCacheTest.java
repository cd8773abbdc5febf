package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Versioned views on every store: a bump hides old entries at once, in every process. */
class VersionedCacheTest {

  @SuppressWarnings("unchecked")
  private static KeyValueCache<String, Object> cache(CacheManager manager) {
    return Caches.getOrCreate(manager, "pages", String.class, Object.class)
        .unwrap(KeyValueCache.class);
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void aBumpHidesWhatOlderVersionsWroteInEveryProcess(EveryStore kind) {
    TestClock clock = new TestClock();
    Properties options = new Properties();
    options.put("clock", clock);
    EveryStore.Fresh store = kind.fresh("ver" + kind.ordinal());
    try (CacheManager mine = store.open(options); CacheManager theirs = store.open(options)) {
      VersionedCache<Object> users = cache(mine).versioned("users");
      VersionedCache<Object> other = cache(theirs).versioned("users");
      VersionedCache<Object> posts = cache(mine).versioned("posts");
      assertEquals(0, users.version());
      users.put("ada", "v0", Duration.ofMinutes(1));
      users.putAll(Map.of("bob", "v0"), Duration.ofMinutes(1));
      posts.put("ada", "post");
      assertEquals(1, users.increment("visits", 1));
      assertEquals("v0", other.get("ada"), "one namespace and version for every process");
      assertEquals("users:v0:ada", users.storedKey("ada"));
      assertEquals("v0", cache(mine).get("users:v0:ada"), "readable in the underlying cache");

      assertEquals(1, other.bumpVersion());
      assertEquals(1, users.version());
      assertNull(users.get("ada"), "the bump hides the old version here");
      assertEquals(Map.<String, Object>of(), users.getAll(Set.of("ada", "bob")));
      assertEquals(1, users.increment("visits", 1), "a new version counts anew");
      assertEquals("post", posts.get("ada"), "other namespaces keep their version");
      assertTrue(users.add("ada", "v1", null));
      assertEquals("v1", other.getOrCompute("ada", k -> "computed", null));
      assertEquals("computed:bob", users.getOrCompute("bob", k -> "computed:" + k, null));
      assertTrue(users.touch("ada", Duration.ofMinutes(5)));
      assertTrue(users.remove("bob"));
      users.removeAll(Set.of("visits"));
      assertEquals(Map.<String, Object>of("ada", "v1"), users.getAll(Set.of("ada", "bob", "visits")));

      assertEquals("v0", cache(mine).get("users:v0:ada"), "a bump deletes nothing");
      clock.advance(Duration.ofMinutes(1));
      assertNull(cache(mine).get("users:v0:ada"), "old entries leave with their time to live");
      assertEquals("v1", users.get("ada"));
    }
  }

  @Test
  void namespacesAndKeyTypesAreChecked() {
    try (CacheManager manager = EveryStore.SQLITE.fresh("vercheck").open()) {
      KeyValueCache<String, Object> cache = cache(manager);
      assertThrows(IllegalArgumentException.class, () -> cache.versioned("a:b"));
      assertThrows(IllegalArgumentException.class, () -> cache.versioned(""));
      assertThrows(NullPointerException.class, () -> cache.versioned(null));
      @SuppressWarnings("unchecked")
      KeyValueCache<Long, String> byNumber = Caches.getOrCreate(manager, "numbers", Long.class,
          String.class).unwrap(KeyValueCache.class);
      assertThrows(ClassCastException.class, () -> byNumber.versioned("n"));
    }
  }
}
