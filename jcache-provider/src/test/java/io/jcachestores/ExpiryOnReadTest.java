package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry is decided by the cache on every read from the stored expiry time: an entry whose time
 * has passed is a miss even while the store still holds it, and is then removed.
 */
class ExpiryOnReadTest {

  @TempDir
  Path dir;

  private Path file;
  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void open() {
    file = dir.resolve("cache.db");
    Properties noPurge = new Properties();
    noPurge.setProperty("purgeInterval", "0");
    manager = Sqlite.manager(file, noPurge);
    cache = manager.createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** Moves the stored expiry time of every entry to the past, as the clock would. */
  private void expireAllInStore() throws Exception {
    try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(
        "UPDATE jcache_entries SET expires_at = ?")) {
      ps.setLong(1, System.currentTimeMillis() - 1);
      ps.executeUpdate();
    }
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
    expireAllInStore();
    assertEquals(2, rows(), "still in the store");

    assertFalse(cache.containsKey("a"));
    assertNull(cache.get("a"));
    assertEquals(Map.of(), cache.getAll(Set.of("a", "b")));
    assertFalse(cache.iterator().hasNext());
    assertEquals(0, rows(), "removed when read");
  }

  @Test
  void readingAnExpiredEntryRaisesExpiredAndAWriteCreatesAFreshOne() throws Exception {
    List<String> expired = new ArrayList<>();
    CacheEntryExpiredListener<String, String> listener = events -> {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        expired.add(e.getKey() + "=" + e.getValue());
      }
    };
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
    cache.put("a", "1");
    expireAllInStore();

    assertNull(cache.get("a"));
    assertEquals(List.of("a=1"), expired);
    assertTrue(cache.putIfAbsent("a", "2"), "an expired entry counts as absent");
    assertEquals("2", cache.get("a"));
  }

  @Test
  void theScheduledPurgeRunsByItself() throws Exception {
    Properties fastPurge = new Properties();
    fastPurge.setProperty("purgeInterval", "50ms");
    try (CacheManager purging = Sqlite.manager(dir.resolve("purged.db"), fastPurge)) {
      Cache<String, String> c = purging.createCache("c", new MutableConfiguration<>());
      c.put("a", "1");
      try (Connection jdbc = Sqlite.jdbc(dir.resolve("purged.db"))) {
        jdbc.createStatement().executeUpdate("UPDATE jcache_entries SET expires_at = 1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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
    cache.put("eternal", "2");
    try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(
        "UPDATE jcache_entries SET expires_at = ? WHERE key = ?")) {
      ps.setLong(1, System.currentTimeMillis() - 1);
      ps.setBytes(2, "Sa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(1, ps.executeUpdate());
    }
    io.jcachestores.store.sqlite.SqliteStoreFactory factory =
        new io.jcachestores.store.sqlite.SqliteStoreFactory();
    try (var storage = factory.open(Sqlite.uri(file), io.jcachestores.spi.StoreOptions.empty())) {
      assertEquals(1, storage.purgeExpired(System.currentTimeMillis()));
    }
    assertEquals(1, rows());
    assertEquals("2", cache.get("eternal"));
  }
}
