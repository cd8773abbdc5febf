package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.cache.StoreCache;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Usage;
import io.jcachestores.store.mongo.MongoTestServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded caches on every store that supports them: the budget holds after every write, the
 * least recently used entries go first (expired ones before them), evictions are counted, and the
 * bounds come from the cache or from its manager.
 */
class BoundedCachesTest {

  @TempDir
  static Path dir;
  private static MongoTestServer mongo;
  private static int files;

  @BeforeAll
  static void startMongo() {
    mongo = MongoTestServer.start();
  }

  @AfterAll
  static void stopMongo() {
    mongo.close();
  }

  /** Opens a manager on a fresh store of each kind, with the given properties. */
  static Stream<Function<Properties, CacheManager>> stores() {
    Function<Properties, CacheManager> sqlite =
        p -> Sqlite.manager(dir.resolve("bounded-" + (++files) + ".db"), p);
    Function<Properties, CacheManager> mongodb = p -> {
      StoreCachingProvider provider = new StoreCachingProvider();
      return provider.getCacheManager(URI.create(MongoTestServer.withDatabase(mongo.uri(),
          "bounded" + (++files))), provider.getDefaultClassLoader(), p);
    };
    return Stream.of(named(sqlite, "SQLite"), named(mongodb, "MongoDB"));
  }

  private static Function<Properties, CacheManager> named(Function<Properties, CacheManager> f,
      String name) {
    return new Function<>() {
      @Override
      public CacheManager apply(Properties p) {
        return f.apply(p);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static Properties clocked(TestClock clock) {
    Properties p = new Properties();
    p.put("clock", clock);
    return p;
  }

  private static Usage usage(Cache<?, ?> cache) {
    StoreCache<?, ?> store = cache.unwrap(StoreCache.class);
    return store.usage().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void writingTenTimesTheBudgetKeepsItAndTheEntriesReadRecently(
      Function<Properties, CacheManager> store) {
    TestClock clock = new TestClock();
    try (CacheManager manager = store.apply(clocked(clock))) {
      Cache<String, String> cache = manager.createCache("c", new StoreConfiguration<String, String>()
          .setTypes(String.class, String.class).setMaxEntries(100).setStatisticsEnabled(true));
      for (int i = 0; i < 10; i++) {
        cache.put("hot-" + i, "v");
      }
      for (int i = 0; i < 1_000; i++) {
        clock.advance(Duration.ofMillis(1));
        cache.put("k" + i, "value " + i);
        if (i % 10 == 0) {
          for (int h = 0; h < 10; h++) {
            assertNotNull(cache.get("hot-" + h), "hot-" + h + " after " + i + " writes");
          }
        }
        assertTrue(usage(cache).entries() <= 100, () -> "over budget: " + usage(cache));
      }
      long entries = usage(cache).entries();
      long counted = 0;
      for (Cache.Entry<String, String> ignored : cache) {
        counted++;
      }
      assertEquals(entries, counted, "the usage counts what is stored");
      assertTrue(entries >= new Budget(100, Long.MAX_VALUE).lowEntries(), "evicted too much");
      assertEquals(1_010 - entries, evictions(manager, "c"), "every entry that left was evicted, and counted");
    }
  }

  private static long evictions(CacheManager manager, String cache) {
    try {
      ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=" + cache);
      return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name,
          "CacheEvictions");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aByteBudgetCountsKeysAndValuesAsStored(Function<Properties, CacheManager> store) {
    TestClock clock = new TestClock();
    Properties p = clocked(clock);
    p.setProperty("maxBytes", "10KiB");
    try (CacheManager manager = store.apply(p)) {
      Cache<String, byte[]> cache = manager.createCache("bytes",
          new StoreConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      assertEquals(new Budget(Long.MAX_VALUE, 10_240),
          cache.unwrap(StoreCache.class).budget(), "the manager's option");
      for (int i = 0; i < 200; i++) {
        clock.advance(Duration.ofMillis(1));
        cache.put("k" + i, new byte[500]);
        assertTrue(usage(cache).bytes() <= 10_240, () -> "over budget: " + usage(cache));
      }
      assertTrue(usage(cache).bytes() > 9_000, () -> "evicted too much: " + usage(cache));
      assertTrue(cache.containsKey("k199"));
      assertFalse(cache.containsKey("k0"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void expiredEntriesGoFirst(Function<Properties, CacheManager> store) {
    TestClock clock = new TestClock();
    try (CacheManager manager = store.apply(clocked(clock))) {
      Cache<String, String> cache = manager.createCache("expiring",
          new StoreConfiguration<String, String>().setTypes(String.class, String.class)
              .setMaxEntries(20).setStatisticsEnabled(true));
      ExpiringCache<String, String> expiring = cache.unwrap(ExpiringCache.class);
      for (int i = 0; i < 10; i++) {
        cache.put("old-" + i, "v");
      }
      clock.advance(Duration.ofMillis(5));
      for (int i = 0; i < 10; i++) {
        expiring.put("short-" + i, "v", Duration.ofSeconds(1));
      }
      clock.advance(Duration.ofSeconds(2));
      cache.put("new", "v");
      for (int i = 0; i < 10; i++) {
        assertTrue(cache.containsKey("old-" + i), "old-" + i + " outlives expired entries");
      }
      assertEquals(11, usage(cache).entries());
      assertEquals(0, evictions(manager, "expiring"), "expired entries are not evictions");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aCacheSetsItsOwnBoundsOverTheManagersAndKeepsThemWhenReopened(
      Function<Properties, CacheManager> store) {
    Properties p = new Properties();
    p.setProperty("maxEntries", "5");
    try (CacheManager manager = store.apply(p)) {
      Cache<String, String> unbounded = manager.createCache("own",
          new StoreConfiguration<String, String>().setTypes(String.class, String.class)
              .setMaxEntries(0).setMaxBytes(1 << 20));
      Cache<String, String> bounded = manager.createCache("managers",
          new StoreConfiguration<String, String>().setTypes(String.class, String.class));
      for (int i = 0; i < 20; i++) {
        unbounded.put("k" + i, "v");
        bounded.put("k" + i, "v");
      }
      assertEquals(new Budget(Long.MAX_VALUE, 1 << 20),
          unbounded.unwrap(StoreCache.class).budget());
      assertEquals(20, usage(unbounded).entries());
      assertTrue(usage(bounded).entries() <= 5);
      URI uri = manager.getURI();
      manager.close();
      StoreCachingProvider provider = new StoreCachingProvider();
      try (CacheManager again = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
        assertEquals(new Budget(Long.MAX_VALUE, 1 << 20),
            again.getCache("own").unwrap(StoreCache.class).budget(), "remembered");
        assertEquals(Budget.UNBOUNDED,
            again.getCache("managers").unwrap(StoreCache.class).budget(), "the manager's only");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void countersAndTouchesKeepTheBudgetAndItsCountExact(Function<Properties, CacheManager> store) {
    TestClock clock = new TestClock();
    try (CacheManager manager = store.apply(clocked(clock))) {
      @SuppressWarnings("unchecked")
      KeyValueCache<String, Long> counters = manager.createCache("counters",
          new StoreConfiguration<String, Long>().setTypes(String.class, Long.class)
              .setMaxEntries(20)).unwrap(KeyValueCache.class);
      for (int i = 0; i < 200; i++) {
        clock.advance(Duration.ofMillis(1));
        counters.increment("c" + (i % 50), i);  // growing values: sizes change in place
        counters.touch("c" + (i % 50), Duration.ofHours(1));
        assertTrue(usage(counters).entries() <= 20, () -> "over budget: " + usage(counters));
      }
      long entries = 0;
      long bytes = 0;
      for (Cache.Entry<String, Long> e : counters) {
        entries++;
        bytes += ReadableForm.bytes(e.getKey()).length + ReadableForm.bytes(e.getValue()).length;
      }
      assertEquals(new Usage(entries, bytes), usage(counters), "the count follows every write");
    }
  }

  @Test
  void sizesAndBoundsAreCheckedWithMessagesNamingTheOption() {
    Properties p = new Properties();
    p.setProperty("maxBytes", "lots");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sqlite.manager(dir.resolve("bad.db"), p));
    assertTrue(e.getMessage().contains("'maxBytes'"), e.getMessage());
    p.setProperty("maxBytes", "1GiB");
    p.setProperty("maxEntries", "-1");
    e = assertThrows(IllegalArgumentException.class,
        () -> Sqlite.manager(dir.resolve("bad.db"), p));
    assertTrue(e.getMessage().contains("'maxEntries'"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new StoreConfiguration<>().setMaxEntries(-1));
    Map<String, Long> sizes = new HashMap<>();
    for (String s : new String[] {"1", "2KiB", "3MB", "1GiB", "1 g", "5tb"}) {
      sizes.put(s, io.jcachestores.spi.StoreOptions.parseBytes(s));
    }
    assertEquals(Map.of("1", 1L, "2KiB", 2048L, "3MB", 3_000_000L, "1GiB", 1L << 30,
        "1 g", 1L << 30, "5tb", 5_000_000_000_000L), sizes);
  }

  @Test
  void expiryPoliciesStillApplyToBoundedCaches() {
    TestClock clock = new TestClock();
    try (CacheManager manager = Sqlite.manager(dir.resolve("expiry.db"), clocked(clock))) {
      Cache<String, String> cache = manager.createCache("ttl",
          new StoreConfiguration<String, String>().setTypes(String.class, String.class)
              .setMaxEntries(10).setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                  new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.SECONDS, 1))));
      cache.put("a", "b");
      clock.advance(Duration.ofSeconds(2));
      assertEquals(null, cache.get("a"));
    }
  }

  /** Creates cache {@code name} bounded to {@code maxEntries} (0: not) with 30 entries. */
  private static Cache<String, String> writeThirty(CacheManager manager, String name,
      long maxEntries) {
    Cache<String, String> cache = manager.createCache(name, new StoreConfiguration<String,
        String>().setTypes(String.class, String.class).setMaxEntries(maxEntries));
    for (int i = 0; i < 30; i++) {
      cache.put("k" + i, "v" + i);
    }
    return cache;
  }

  /**
   * Opens cache {@code old}, written before budgets, bounded to 20 entries: its 30 entries are
   * counted as a cache bounded from the start counts the same entries, they all read, and the
   * budget holds from the next write on, sparing what was read.
   */
  private static void assertOpensBoundedWithEveryEntryCounted(CacheManager manager) {
    Cache<String, String> cache = manager.createCache("old",
        new StoreConfiguration<String, String>().setTypes(String.class, String.class)
            .setMaxEntries(20));
    assertEquals(usage(writeThirty(manager, "fresh", 1000)), usage(cache), "all counted");
    assertEquals("v7", cache.get("k7"), "every entry readable");
    cache.put("new", "v");
    assertTrue(usage(cache).entries() <= 20);
    assertEquals("v", cache.get("new"));
    assertEquals("v7", cache.get("k7"), "read, so spared");
  }

  @Test
  void sqliteFilesWrittenBeforeBudgetsOpenBoundedWithEveryEntryCounted() throws Exception {
    Path file = dir.resolve("old.db");
    try (CacheManager manager = Sqlite.manager(file)) {
      writeThirty(manager, "old", 0);
    }
    try (java.sql.Connection jdbc = Sqlite.jdbc(file);
        java.sql.Statement s = jdbc.createStatement()) {
      // the schema of the version before budgets
      for (String sql : new String[] {"DROP TRIGGER jcache_usage_insert",
          "DROP TRIGGER jcache_usage_update", "DROP TRIGGER jcache_usage_delete",
          "DROP TABLE jcache_usage", "ALTER TABLE jcache_entries DROP COLUMN referenced"}) {
        s.execute(sql);
      }
    }
    try (CacheManager manager = Sqlite.manager(file)) {
      assertOpensBoundedWithEveryEntryCounted(manager);
    }
  }

  /**
   * The version before this one kept an access stamp per entry in an index, and its usage rows no
   * hand: its files open (plainly, and with mustExist) without the index and with every entry.
   */
  @Test
  void sqliteFilesWithTheAccessStampIndexLoseItAndKeepEveryEntry() throws Exception {
    for (String mustExist : new String[] {"false", "true"}) {
      Path file = dir.resolve("stamped-" + mustExist + ".db");
      try (CacheManager manager = Sqlite.manager(file)) {
        writeThirty(manager, "old", 0);
      }
      try (java.sql.Connection jdbc = Sqlite.jdbc(file);
          java.sql.Statement s = jdbc.createStatement()) {
        for (String sql : new String[] {"ALTER TABLE jcache_usage DROP COLUMN hand",
            "ALTER TABLE jcache_entries ADD COLUMN accessed_at INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX jcache_entries_recency ON jcache_entries (cache, accessed_at)"}) {
          s.execute(sql);
        }
      }
      Properties p = new Properties();
      p.setProperty("mustExist", mustExist);
      try (CacheManager manager = Sqlite.manager(file, p)) {
        assertOpensBoundedWithEveryEntryCounted(manager);
      }
      try (java.sql.Connection jdbc = Sqlite.jdbc(file);
          ResultSet rs = jdbc.createStatement().executeQuery("SELECT count(*) FROM sqlite_master"
              + " WHERE name = 'jcache_entries_recency'")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "the index is dropped");
      }
    }
  }

  /** Returns the mark of every entry of {@code cache}, by key, and where its hand stopped. */
  private static Map<Object, Integer> marks(Path file, String cache, Object[] hand)
      throws Exception {
    Map<Object, Integer> marks = new TreeMap<>();
    try (java.sql.Connection jdbc = Sqlite.jdbc(file);
        java.sql.PreparedStatement entries = jdbc.prepareStatement(
            "SELECT key, referenced FROM jcache_entries WHERE cache = ?");
        java.sql.PreparedStatement usage = jdbc.prepareStatement(
            "SELECT hand FROM jcache_usage WHERE cache = ?")) {
      entries.setString(1, cache);
      try (ResultSet rs = entries.executeQuery()) {
        while (rs.next()) {
          marks.put(ReadableForm.of(rs.getBytes(1)), rs.getInt(2));
        }
      }
      usage.setString(1, cache);
      try (ResultSet rs = usage.executeQuery()) {
        rs.next();
        hand[0] = rs.getBytes(1) == null ? null : ReadableForm.of(rs.getBytes(1));
      }
    }
    return marks;
  }

  /**
   * SQLite's CLOCK: a write marks an entry 1, a hit 2; the hand walks the keys in order from
   * where it stopped (kept in the store), lowers the marks it passes, evicts unmarked entries and
   * wraps around after the last key; so a read entry outlives an unread one written at the same
   * time by a turn of the hand, and is evicted once the hand comes round again without a read.
   */
  @Test
  void sqliteHandSparesMarkedEntriesAndWrapsAround() throws Exception {
    Path file = dir.resolve("clock.db");
    try (CacheManager manager = Sqlite.manager(file)) {
      Cache<String, String> cache = manager.createCache("clock",
          new StoreConfiguration<String, String>().setTypes(String.class, String.class)
              .setMaxEntries(16));
      for (int i = 0; i < 16; i++) {
        cache.put(String.format("k%02d", i), "v");
      }
      assertEquals("v", cache.get("k03"));
      Object[] hand = new Object[1];
      Map<Object, Integer> marks = marks(file, "clock", hand);
      assertEquals(1, marks.get("k02"), "written");
      assertEquals(2, marks.get("k03"), "read");
      assertNull(hand[0], "the hand has not moved");

      // 17 entries, 2 to evict (down to 15): a turn lowers every mark, the hand wraps around to
      // the first key and evicts the two first entries, now unmarked
      cache.put("k16", "v");
      marks = marks(file, "clock", hand);
      assertEquals(15, marks.size());
      assertFalse(marks.containsKey("k00") || marks.containsKey("k01"), marks::toString);
      assertEquals("k01", hand[0]);
      assertEquals(1, marks.get("k03"), "spared, a turn left");
      assertEquals(0, marks.get("k02"));

      // on from k01: k02 evicted, k03 spared once more, k04 evicted
      cache.put("k17", "v");
      cache.put("k18", "v");
      marks = marks(file, "clock", hand);
      assertFalse(marks.containsKey("k02") || marks.containsKey("k04"), marks::toString);
      assertEquals(0, marks.get("k03"), "spared again, unread since");
      assertEquals("k04", hand[0]);

      // the hand goes on to the last key (sparing the new entries) and round again: k03, unread,
      // goes; k05, read, stays with a turn left
      assertEquals("v", cache.get("k05"));
      for (int i = 19; i < 32; i++) {
        cache.put(String.format("k%02d", i), "v");
      }
      marks = marks(file, "clock", hand);
      assertFalse(marks.containsKey("k03"), marks::toString);
      assertEquals(1, marks.get("k05"), marks::toString);
      assertEquals(0, marks.get("k30"), "passed once");
      assertEquals("k03", hand[0], "wrapped around");
    }
  }

  @Test
  void mongoCollectionsWrittenBeforeBudgetsOpenBoundedWithEveryEntryCounted() {
    String uri = MongoTestServer.withDatabase(mongo.uri(), "old" + (++files));
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create(uri),
        provider.getDefaultClassLoader())) {
      writeThirty(manager, "old", 0);
    }
    try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri)) {
      var db = client.getDatabase(new com.mongodb.ConnectionString(uri).getDatabase());
      org.bson.Document registration = db.getCollection("jcache_caches").find().first();
      // the documents of the version before budgets
      db.getCollection(registration.getString("collection")).updateMany(new org.bson.Document(),
          new org.bson.Document("$unset", new org.bson.Document("size", "")
              .append("accessedAt", "").append("referenced", "")));
    }
    try (CacheManager manager = provider.getCacheManager(URI.create(uri),
        provider.getDefaultClassLoader())) {
      assertOpensBoundedWithEveryEntryCounted(manager);
    }
  }

  @Test
  void dynamoDbRefusesBudgetsSayingWhyAndWhatToUseInstead() {
    io.jcachestores.store.dynamodb.DynamoLocal dynamo =
        io.jcachestores.store.dynamodb.DynamoLocal.shared();
    URI uri = dynamo.uri(io.jcachestores.store.dynamodb.DynamoLocal.freshTable("bounded"),
        "createIfNotExists=true");
    StoreCachingProvider provider = new StoreCachingProvider();
    Properties p = dynamo.properties();
    p.setProperty("maxBytes", "1GiB");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(uri, provider.getDefaultClassLoader(), p));
    assertTrue(refused.getMessage().contains("'maxBytes'")
        && refused.getMessage().contains("Scan") && refused.getMessage().contains("TTL"),
        refused.getMessage());
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(),
        dynamo.properties())) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> manager.createCache("c", new StoreConfiguration<String, String>()
              .setTypes(String.class, String.class).setMaxEntries(100)));
      assertTrue(e.getMessage().contains("Cache 'c'") && e.getMessage().contains("Scan")
          && e.getMessage().contains("TTL"), e.getMessage());
      manager.createCache("c", new StoreConfiguration<String, String>()
          .setTypes(String.class, String.class).setMaxEntries(0)).put("k", "unbounded works");
    }
  }
}
