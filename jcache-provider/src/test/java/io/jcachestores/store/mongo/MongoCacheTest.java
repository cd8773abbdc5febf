package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MongoDB store through the JCache API, checked against the documents it writes. */
class MongoCacheTest {

  private static MongoTestServer server;
  private static MongoClient client;
  private final CachingProvider provider = Caching.getCachingProvider();
  private final List<CacheManager> managers = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = MongoTestServer.start();
    client = MongoClients.create(server.uri());
  }

  @AfterAll
  static void stopServer() {
    if (!server.inProcess()) {
      database().drop();
    }
    client.close();
    server.close();
  }

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private CacheManager manager(String query, Properties properties) {
    Properties withPatience = new Properties();
    withPatience.setProperty("timeout", "60s");  // patience on a loaded machine
    if (properties != null) {
      withPatience.putAll(properties);
    }
    CacheManager m = provider.getCacheManager(URI.create(server.uri() + query), null,
        withPatience);
    managers.add(m);
    return m;
  }

  private CacheManager manager() {
    return manager("", null);
  }

  private static MongoDatabase database() {
    return client.getDatabase(new ConnectionString(server.uri()).getDatabase());
  }

  private static BsonDocument document(String collection, Object id) {
    return database().getCollection(collection, BsonDocument.class)
        .find(new org.bson.Document("_id", id)).first();
  }

  /** Adds one to counter {@code "n"} through an entry processor. */
  static void increment(Cache<String, Long> cache) {
    cache.invoke("n", (entry, args) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
      return null;
    });
  }

  @Test
  void documentsAreReadable() {
    Cache<Object, Object> cache = manager().createCache("readable", new MutableConfiguration<>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1))));
    long before = System.currentTimeMillis();
    cache.put("user:1", "Ada");
    cache.put(42L, 7);
    cache.put(true, 2.5);
    cache.put(3, new byte[] {1, 2});
    cache.put("flag", false);

    BsonDocument ada = document("jcache.readable", "user:1");
    assertEquals("Ada", ada.getString("value").getValue());
    assertEquals(BsonType.DATE_TIME, ada.get("expiresAt").getBsonType());
    long expiresAt = ada.getDateTime("expiresAt").getValue();
    assertTrue(expiresAt >= before + 3_600_000 && expiresAt <= System.currentTimeMillis()
        + 3_600_000, "expiresAt " + expiresAt);
    long firstVersion = ada.getInt64("version").getValue();
    assertEquals(BsonType.DATE_TIME, ada.get("updatedAt").getBsonType());
    assertEquals(7, document("jcache.readable", 42L).getInt32("value").getValue());
    assertEquals(2.5, document("jcache.readable", true).getDouble("value").getValue());
    assertFalse(document("jcache.readable", "flag").getBoolean("value").getValue());
    // an Integer key is binary: MongoDB's _id would treat Integer 3 and Long 3 as one key
    long binaryIds = database().getCollection("jcache.readable", BsonDocument.class)
        .countDocuments(new org.bson.Document("_id", new org.bson.Document("$type", "binData")));
    assertEquals(1, binaryIds);

    cache.put("user:1", "Grace");
    assertNotEquals(firstVersion,
        document("jcache.readable", "user:1").getInt64("version").getValue(),
        "every write changes the version compare-and-set relies on");
    assertEquals("Grace", cache.get("user:1"));
    assertEquals(7, cache.get(42L));
    assertEquals(2.5, cache.get(true));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) cache.get(3));
    assertNull(cache.get(3L));
  }

  @Test
  void eternalEntriesHaveNoExpiresAt() {
    Cache<String, String> cache = manager().createCache("eternal",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    assertFalse(document("jcache.eternal", "k").containsKey("expiresAt"));
  }

  @Test
  void ttlIndexHasTheGracePeriod() {
    manager("?ttlGrace=1h", null).createCache("ttl", new MutableConfiguration<>());
    BsonDocument index = null;
    for (BsonDocument d : database().getCollection("jcache.ttl").listIndexes(BsonDocument.class)) {
      if (d.getDocument("key").containsKey("expiresAt")) {
        index = d;
      }
    }
    assertNotNull(index, "TTL index on expiresAt");
    assertEquals(3600, index.getNumber("expireAfterSeconds").longValue());
  }

  @Test
  void ttlGraceCanChange() {
    manager("?ttlGrace=10s", null).createCache("regrace", new MutableConfiguration<>());
    managers.forEach(CacheManager::close);
    manager("?ttlGrace=20s", null).getCache("regrace");
    for (BsonDocument d : database().getCollection("jcache.regrace")
        .listIndexes(BsonDocument.class)) {
      if (d.getDocument("key").containsKey("expiresAt")) {
        assertEquals(20, d.getNumber("expireAfterSeconds").longValue());
      }
    }
  }

  @Test
  void cacheNamesMapToCollectionsReversibly() {
    String odd = "orders/2024 $eu é";
    Cache<String, String> cache = manager().createCache(odd,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    String collection = CollectionNames.of(odd);
    assertTrue(collection.startsWith("jcache.orders_2024__eu__~"), collection);
    assertEquals("v", document(collection, "k").getString("value").getValue());
    BsonDocument registered = database().getCollection(MongoStorage.REGISTRY, BsonDocument.class)
        .find(new org.bson.Document("_id", odd)).first();
    assertEquals(collection, registered.getString("collection").getValue());
    assertEquals("jcache.plain-Name_1.x", CollectionNames.of("plain-Name_1.x"));
    assertTrue(CollectionNames.of("x".repeat(200)).length() < 80);
    assertTrue(CollectionNames.of("").startsWith("jcache.~"));
  }

  @Test
  void bulkOperationsAndIterationAcrossKeyTypesAndPages() {
    Cache<Object, Object> cache = manager("?pageSize=2", null).createCache("bulk",
        new MutableConfiguration<>());
    Map<Object, Object> all = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      all.put("s" + i, i);
      all.put((long) i, "l" + i);
      all.put(i, "i" + i);
    }
    all.put(true, "t");
    cache.putAll(all);
    assertEquals(all, cache.getAll(all.keySet()));
    Map<Object, Object> seen = new HashMap<>();
    for (Cache.Entry<Object, Object> e : cache) {
      assertNull(seen.put(e.getKey(), e.getValue()), "seen twice: " + e.getKey());
    }
    assertEquals(all, seen);
    cache.removeAll(Set.of("s1", 2L, 3));
    assertEquals(all.size() - 3, cache.getAll(all.keySet()).size());
    cache.clear();
    assertFalse(cache.iterator().hasNext());
    assertEquals(2, countIndexes("jcache.bulk"), "clear keeps the indexes");
  }

  private static int countIndexes(String collection) {
    return database().getCollection(collection).listIndexes().into(new ArrayList<>()).size();
  }

  @Test
  void entriesSurviveARestart() {
    Cache<String, Long> cache = manager().createCache("persist",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    cache.put("a", 1L);
    managers.forEach(CacheManager::close);
    managers.clear();
    CachingProvider fresh = new io.jcachestores.StoreCachingProvider();
    try (CacheManager again = fresh.getCacheManager(URI.create(server.uri()), null)) {
      Set<String> names = new HashSet<>();
      again.getCacheNames().forEach(names::add);
      assertTrue(names.contains("persist"), names.toString());
      assertEquals(1L, again.getCache("persist", String.class, Long.class).get("a"));
    }
  }

  @Test
  void invokeCountsExactlyUnderContention() throws Exception {
    Cache<String, Long> cache = manager().createCache("counter",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    // enough contention to catch torn reads: before reads were projected, mongo-java-server
    // could hand out a document half updated, and about one run in three lost an increment
    int threads = 8;
    int each = 2000;
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          increment(cache);
        }
      });
      thread.start();
      all.add(thread);
    }
    for (Thread t : all) {
      t.join();
    }
    assertEquals(threads * each, cache.get("n"));
  }

  @Test
  void oversizedValuesAreRefusedBeforeSending() {
    Cache<String, byte[]> cache = manager().createCache("big",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    byte[] tooBig = new byte[MongoDocuments.MAX_DOCUMENT_BYTES];
    CacheException e = assertThrows(CacheException.class, () -> cache.put("k", tooBig));
    assertTrue(e.getMessage().contains("16777216") && e.getMessage().contains("16 MiB"),
        e.getMessage());
    assertTrue(e.getMessage().matches(".*document would be \\d+ bytes.*"), e.getMessage());
    CacheException viaInvoke = assertThrows(CacheException.class,
        () -> cache.invoke("k", (entry, args) -> {
          entry.setValue(tooBig);
          return null;
        }));
    assertTrue(viaInvoke.getMessage().contains("16 MiB"), viaInvoke.getMessage());
    byte[] fits = new byte[MongoDocuments.MAX_DOCUMENT_BYTES - 1024];
    cache.put("k", fits);
    assertArrayEquals(fits, cache.get("k"));
    cache.put("k", new byte[] {1});
    assertArrayEquals(new byte[] {1}, cache.get("k"));
  }

  @Test
  void theApplicationsClientIsUsedAndNeverClosed() {
    try (MongoClient own = MongoClients.create(server.uri())) {
      CacheManager m = manager("", MongoStoreOptions.withClient(own));
      Cache<String, String> cache = m.createCache("own",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      m.close();
      assertEquals("v", own.getDatabase(new ConnectionString(server.uri()).getDatabase())
          .getCollection("jcache.own", BsonDocument.class).find().first()
          .getString("value").getValue());
    }
  }

  @Test
  void ownQueryParametersAreNotPassedToTheDriver() {
    assertEquals("mongodb://h/db?replicaSet=rs0",
        MongoSettings.driverUri("mongodb://h/db?ttlGrace=1h&replicaSet=rs0&timeout=2s&pageSize=5"));
    assertEquals("mongodb://h/db", MongoSettings.driverUri("mongodb://h/db?ttlGrace=1h"));
  }
}
