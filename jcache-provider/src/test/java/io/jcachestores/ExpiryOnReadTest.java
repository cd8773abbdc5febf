package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry is decided by the cache on every read from the stored expiry time: an entry whose time
 * has passed is a miss even while the store still holds it, and is then removed. Time is the
 * manager's clock, which the tests move.
 */
class ExpiryOnReadTest {

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private Path file;
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void open() {
    file = dir.resolve("cache.db");
    Properties noPurge = new Properties();
    noPurge.setProperty("purgeInterval", "0");
    noPurge.put("clock", clock);
    manager = Sqlite.manager(file, noPurge);
    cache = manager.createCache("c", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
  }

  /** Moves the manager's clock past the expiry of every entry written so far. */
  private void expireAll() {
    clock.advance(java.time.Duration.ofMinutes(1));
  }

  /** Returns the "key=value" of every EXPIRED event of the cache from now on (synchronous). */
  private List<String> recordExpired() {
    List<String> expired = new ArrayList<>();
    CacheEntryExpiredListener<String, String> listener = events -> {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        expired.add(e.getKey() + "=" + e.getValue());
      }
    };
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
    return expired;
  }

  private int rows() throws Exception {
    try (Connection c = Sqlite.jdbc(file);
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM jcache_entries")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void anEntryPastItsExpiryIsAMissThenRemoved() throws Exception {
    cache.put("a", "1");
    cache.put("b", "2");
    expireAll();
    assertEquals(2, rows(), "still in the store");

    assertFalse(cache.containsKey("a"));
    assertNull(cache.get("a"));
    assertEquals(Map.of(), cache.getAll(Set.of("a", "b")));
    assertFalse(cache.iterator().hasNext());
    assertEquals(0, rows(), "removed when read");
  }

  @Test
  void readingAnExpiredEntryRaisesExpiredAndAWriteCreatesAFreshOne() throws Exception {
    List<String> expired = recordExpired();
    cache.put("a", "1");
    expireAll();

    assertNull(cache.get("a"));
    assertEquals(List.of("a=1"), expired);
    assertTrue(cache.putIfAbsent("a", "2"), "an expired entry counts as absent");
    assertEquals("2", cache.get("a"));
  }

  @Test
  void iterationTreatsAnExpiredEntryAsAReadDoes() throws Exception {
    List<String> expired = recordExpired();
    cache.put("a", "1");
    cache.put("b", "2");
    expireAll();
    cache.put("live", "3");

    List<String> seen = new ArrayList<>();
    cache.forEach(e -> seen.add(e.getKey()));
    assertEquals(List.of("live"), seen);
    assertEquals(Set.of("a=1", "b=2"), Set.copyOf(expired), "EXPIRED, as a read raises");
    assertEquals(1, rows(), "the expired entries were removed");
  }

  @Test
  void theScheduledPurgeRunsByItselfOnTheManagersClock() throws Exception {
    Properties fastPurge = new Properties();
    fastPurge.setProperty("purgeInterval", "50ms");
    fastPurge.put("clock", clock);
    try (CacheManager purging = Sqlite.manager(dir.resolve("purged.db"), fastPurge)) {
      Cache<String, String> c = purging.createCache("c", new MutableConfiguration<String, String>()
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
      c.put("a", "1");
      expireAll();
      try (Connection jdbc = Sqlite.jdbc(dir.resolve("purged.db"))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int left;
        do {
          try (ResultSet rs = jdbc.createStatement()
              .executeQuery("SELECT count(*) FROM jcache_entries")) {
            rs.next();
            left = rs.getInt(1);
          }
        } while (left > 0 && System.nanoTime() < deadline);
        assertEquals(0, left, "the purge deleted the expired entry without any read");
      }
    }
  }

  @Test
  void thePeriodicPurgeDeletesExpiredEntriesWithoutReads() throws Exception {
    cache.put("a", "1");
    Cache<String, String> eternal = manager.createCache("eternal", new MutableConfiguration<>());
    eternal.put("eternal", "2");
    expireAll();
    io.jcachestores.store.sqlite.SqliteStoreFactory factory =
        new io.jcachestores.store.sqlite.SqliteStoreFactory();
    try (var storage = factory.open(Sqlite.uri(file), io.jcachestores.spi.StoreOptions.empty())) {
      assertEquals(1, storage.purgeExpired(clock.millis()));
    }
    assertEquals(1, rows());
    assertEquals("2", eternal.get("eternal"));
  }
}
