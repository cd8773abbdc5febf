package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries survive the CacheManager (the process) that wrote them, whichever way they are reopened. */
class PersistenceTest {

  @TempDir
  Path dir;

  private static MutableConfiguration<String, Long> config() {
    return new MutableConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)));
  }

  private void writeAndClose(Path file) {
    CacheManager first = Sqlite.manager(file);
    Cache<String, Long> cache = first.createCache("sessions", config());
    cache.put("alice", 1L);
    cache.put("bob", 2L);
    first.close();
  }

  @Test
  void createCacheAgainAfterRestartFindsTheEntries() {
    Path file = dir.resolve("app.db");
    writeAndClose(file);

    try (CacheManager second = Sqlite.manager(file)) {
      Cache<String, Long> cache = second.createCache("sessions", config());
      assertEquals(1L, cache.get("alice"));
      assertEquals(2L, cache.get("bob"));
    }
  }

  @Test
  void getCacheAfterRestartRestoresTypesAndExpiry() {
    Path file = dir.resolve("app.db");
    writeAndClose(file);

    try (CacheManager second = Sqlite.manager(file)) {
      Set<String> names = new HashSet<>();
      second.getCacheNames().forEach(names::add);
      assertEquals(Set.of("sessions"), names);

      Cache<String, Long> cache = second.getCache("sessions", String.class, Long.class);
      assertEquals(2L, cache.get("bob"));
      @SuppressWarnings("unchecked")
      MutableConfiguration<String, Long> restored =
          cache.getConfiguration(MutableConfiguration.class);
      ExpiryPolicy policy = restored.getExpiryPolicyFactory().create();
      assertTrue(policy instanceof CreatedExpiryPolicy);
      assertEquals(new Duration(TimeUnit.HOURS, 1), policy.getExpiryForCreation());
      assertThrows(ClassCastException.class,
          () -> second.getCache("sessions", String.class, String.class));
    }
  }

  @Test
  void destroyCacheDeletesTheEntriesForGood() {
    Path file = dir.resolve("app.db");
    writeAndClose(file);
    try (CacheManager second = Sqlite.manager(file)) {
      second.destroyCache("sessions");
    }
    try (CacheManager third = Sqlite.manager(file)) {
      assertFalse(third.getCacheNames().iterator().hasNext());
      assertNull(third.getCache("sessions"));
      Cache<String, Long> cache = third.createCache("sessions", config());
      assertNull(cache.get("alice"));
    }
  }

  @Test
  void recreatingWithOtherTypesReadsOldEntriesAsMisses() {
    Path file = dir.resolve("app.db");
    writeAndClose(file);
    try (CacheManager second = Sqlite.manager(file)) {
      Cache<String, String> cache = second.createCache("sessions",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      assertNull(cache.get("alice"));
      cache.put("alice", "now a string");
      assertEquals("now a string", cache.get("alice"));
    }
  }

  @Test
  void closedManagerRefusesWorkButKeepsData() {
    Path file = dir.resolve("app.db");
    CacheManager manager = Sqlite.manager(file);
    Cache<String, Long> cache = manager.createCache("c", config());
    cache.put("k", 7L);
    manager.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("k"));
    try (CacheManager again = Sqlite.manager(file)) {
      assertEquals(7L, again.getCache("c", String.class, Long.class).get("k"));
    }
  }
}
