package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Sqlite;
import io.jcachestores.StoreCachingProvider;
import io.jcachestores.spi.StoreException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: names and keys of any shape, options, and failures that say what failed. */
class SqliteStoreTest {

  /**
   * Names that would break SQL built from them: a point read puts its cache name into its SQL
   * as a literal, so quotes, comment starts, statement ends and NUL (which would end the SQL
   * text) are here, some of which would read other caches' entries if injected.
   */
  private static final List<String> HOSTILE = List.of(
      "a.b.c", "with space", "it's", "\"quoted\"", "'; DROP TABLE jcache_entries; --",
      "jcache_entries", "%_wild*?", "", " ", "a", "a ", "ünïcødé ✓ 日本", "line\nbreak",
      "x".repeat(10_000), "a' OR 'b' = 'b", "a' OR cache <> '", "'", "''", "a''", "a'--",
      "a'; SELECT 1; --", "\\'", "\0", "a\0' OR '1' = '1", "a\0");

  @TempDir
  Path dir;

  @Test
  void hostileCacheNamesAreIsolatedAndListedAsGiven() {
    Path file = dir.resolve("names.db");
    try (CacheManager manager = Sqlite.manager(file)) {
      for (String name : HOSTILE) {
        manager.createCache(name, new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)).put("key", name);
      }
    }
    try (CacheManager manager = Sqlite.manager(file)) {
      Set<String> names = new HashSet<>();
      manager.getCacheNames().forEach(names::add);
      assertEquals(new HashSet<>(HOSTILE), names);
      for (String name : HOSTILE) {
        assertEquals(name, manager.getCache(name, String.class, String.class).get("key"));
      }
      manager.destroyCache("'; DROP TABLE jcache_entries; --");
      assertEquals("a", manager.getCache("a", String.class, String.class).get("key"));
    }
  }

  @Test
  void hostileKeysRoundTripAndStayDistinct() {
    try (CacheManager manager = Sqlite.manager(dir.resolve("keys.db"))) {
      Cache<Object, String> cache = manager.createCache("c", new MutableConfiguration<>());
      Map<Object, String> expected = new HashMap<>();
      int i = 0;
      for (String key : HOSTILE) {
        expected.put(key, "s" + i++);
      }
      expected.put(1L, "long one");
      expected.put(1, "int one");
      expected.put("1", "string one");
      expected.put(new byte[0].length, "int zero");
      expected.put(List.of("1"), "a list");
      cache.putAll(expected);
      Map<Object, String> read = new HashMap<>();
      cache.forEach(e -> read.put(e.getKey(), e.getValue()));
      assertEquals(new TreeSet<>(expected.values()), new TreeSet<>(read.values()));
      assertTrue(expected.equals(read), "iteration gives back the same keys");
      assertTrue(expected.equals(cache.getAll(expected.keySet())), "getAll finds every key");
    }
  }

  @Test
  void aWriteLockHeldElsewhereFailsWithinTheBusyTimeoutNamingTheOperation() throws Exception {
    Path file = dir.resolve("busy.db");
    Properties options = new Properties();
    options.setProperty("busyTimeout", "300ms");
    try (CacheManager manager = Sqlite.manager(file, options);
         Connection other = Sqlite.jdbc(file)) {
      Cache<String, String> cache = manager.createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      other.setAutoCommit(true);
      other.createStatement().execute("BEGIN IMMEDIATE");
      long start = System.nanoTime();
      StoreException e = assertThrows(StoreException.class, () -> cache.put("k", "w"));
      assertEquals("SQLite", e.store());
      assertEquals("c", e.cache());
      assertEquals("SQLite file " + file, e.where());
      assertTrue(e.timedOut(), "waiting out busyTimeout is a timeout");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 60_000, "hung for " + millis + " ms");  // not a timing claim
      assertTrue(e.getMessage().contains("SQLite put") && e.getMessage().contains("'c'")
          && e.getMessage().contains("busyTimeout = 300 ms"), e.getMessage());
      assertEquals("v", cache.get("k"), "readers are not blocked by a writer in WAL mode");
      other.createStatement().execute("ROLLBACK");
      cache.put("k", "w");
      assertEquals("w", cache.get("k"));
    }
  }

  @Test
  void urisAndOptionsAreCheckedWithSpecificMessages() {
    StoreCachingProvider provider = new StoreCachingProvider();
    ClassLoader loader = provider.getDefaultClassLoader();
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(URI.create("redis://localhost"), loader));
    assertTrue(scheme.getMessage().contains("sqlite"), scheme.getMessage());

    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(URI.create(Sqlite.uri(dir.resolve("x.db"))
            + "?busyTimeout=soon"), loader));
    assertTrue(option.getMessage().contains("busyTimeout"), option.getMessage());

    IllegalArgumentException journal = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(URI.create(Sqlite.uri(dir.resolve("x.db"))
            + "?journalMode=FAST"), loader));
    assertTrue(journal.getMessage().contains("journalMode"), journal.getMessage());
  }

  @Test
  void relativeAndNestedPathsAreCreatedAndGetUriIsTheUriAskedForWithoutOptions() {
    StoreCachingProvider provider = new StoreCachingProvider();
    URI uri = URI.create(Sqlite.uri(dir) + "/deeper/still/cache.db");
    try (CacheManager manager = provider.getCacheManager(URI.create(uri + "?synchronous=FULL"),
        provider.getDefaultClassLoader())) {
      assertEquals(uri, manager.getURI());
      manager.createCache("c", new MutableConfiguration<>()).put("k", "v");
    }
    assertTrue(Files.exists(dir.resolve("deeper/still/cache.db")));
  }

  @Test
  void storeByReferenceIsRefusedClearly() {
    try (CacheManager manager = Sqlite.manager(dir.resolve("ref.db"))) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> manager.createCache("c", new MutableConfiguration<>().setStoreByValue(false)));
      assertTrue(e.getMessage().contains("by value"), e.getMessage());
      assertNull(manager.getCache("c"));
    }
  }
}
