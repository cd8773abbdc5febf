package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.StoreCachingProvider;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB store through JCache and through the SPI, against {@link DynamoLocal}. */
class DynamoStoreTest {

  private static final DynamoLocal DYNAMO = DynamoLocal.shared();
  private static final String TABLE = DynamoLocal.freshTable("store");
  private static CachingProvider provider;
  private static CacheManager manager;
  private static DynamoDbClient raw;

  @BeforeAll
  static void open() {
    provider = Caching.getCachingProvider(StoreCachingProvider.class.getName());
    manager = provider.getCacheManager(DYNAMO.uri(TABLE, "createIfNotExists=true&ttlGrace=60s"),
        DynamoStoreTest.class.getClassLoader(), DYNAMO.properties());
    raw = DYNAMO.client();
  }

  @AfterAll
  static void close() {
    manager.close();
    raw.close();
  }

  private static <K, V> Cache<K, V> cache(String name, Class<K> k, Class<V> v) {
    Cache<K, V> cache = manager.getCache(name, k, v);
    return cache != null ? cache
        : manager.createCache(name, new MutableConfiguration<K, V>().setTypes(k, v));
  }

  private static Map<String, AttributeValue> item(String partitionKey) {
    return raw.getItem(b -> b.tableName(TABLE).consistentRead(true)
        .key(Map.of("k", AttributeValue.fromS(partitionKey)))).item();
  }

  @Test
  void namespacesIsolateCachesInOneTable() {
    Cache<String, String> a = cache("ns-a", String.class, String.class);
    Cache<String, String> b = cache("ns-a#S:x", String.class, String.class);  // tries to alias
    Cache<String, String> c = cache("ns-c", String.class, String.class);
    for (int i = 0; i < 30; i++) {
      a.put("key" + i, "a" + i);
      b.put("key" + i, "b" + i);
      c.put("key" + i, "c" + i);
    }
    a.put("x#S:key1", "tricky");
    assertEquals("a1", a.get("key1"));
    assertEquals("b1", b.get("key1"));
    assertEquals("tricky", a.get("x#S:key1"));
    assertEquals(31, count(a));
    assertEquals(30, count(b));
    b.clear();
    assertEquals(0, count(b));
    assertNull(b.get("key1"));
    assertEquals(31, count(a));
    assertEquals("c5", c.get("key5"));
    manager.destroyCache("ns-c");
    assertEquals("a5", a.get("key5"));
    assertFalse(names().contains("ns-c"));
    assertTrue(names().containsAll(Set.of("ns-a", "ns-a#S:x")));
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>();
    manager.getCacheNames().forEach(names::add);
    return names;
  }

  private static int count(Cache<?, ?> cache) {
    int n = 0;
    for (Cache.Entry<?, ?> ignored : cache) {
      n++;
    }
    return n;
  }

  @Test
  void itemsAreReadableAndKeysSpreadOverPartitions() {
    Cache<Object, Object> cache = cache("readable", Object.class, Object.class);
    cache.put("name", "Ada");
    cache.put(42L, 7L);
    cache.put(1, 2.5d);
    cache.put("flag", true);
    cache.put("bytes", new byte[] {1, 2, 3});
    cache.put("nan", Double.NaN);
    cache.put("negzero", -0.0d);
    cache.put("huge", Double.MAX_VALUE);

    Map<String, AttributeValue> name = item("readable#S:name");
    assertEquals("Ada", name.get("v").s());
    assertEquals("readable", name.get("ns").s());
    assertNotNull(name.get("ver").n());
    assertNull(name.get("ttl"));
    assertNull(name.get("exp"));
    Map<String, AttributeValue> number = item("readable#L:42");
    assertEquals("7", number.get("v").n());
    assertEquals("L", number.get("vt").s());
    assertEquals("2.5", item("readable#I:1").get("v").n());
    assertEquals(Boolean.TRUE, item("readable#S:flag").get("v").bool());
    assertNotNull(item("readable#S:bytes").get("v").b());
    assertNotNull(item("readable#S:nan").get("v").b());
    assertNotNull(item("readable#S:negzero").get("v").b());
    assertNotNull(item("readable#S:huge").get("v").b());

    assertEquals("Ada", cache.get("name"));
    assertEquals(7L, cache.get(42L));
    assertEquals(2.5d, cache.get(1));
    assertEquals(true, cache.get("flag"));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) cache.get("bytes"));
    assertTrue(((Double) cache.get("nan")).isNaN());
    assertEquals(Double.doubleToLongBits(-0.0d),
        Double.doubleToLongBits((Double) cache.get("negzero")));
    assertEquals(Double.MAX_VALUE, cache.get("huge"));
    Map<Object, Object> all = new HashMap<>();
    cache.forEach(e -> all.put(e.getKey(), e.getValue()));
    assertEquals(8, all.size());
    assertEquals(7L, all.get(42L));
  }

  @Test
  void expiringEntriesCarryExactExpiryAndNativeTtlWithGrace() {
    Cache<String, String> cache = manager.createCache("expiring",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
    long before = System.currentTimeMillis();
    cache.put("k", "v");
    Map<String, AttributeValue> item = item("expiring#S:k");
    long exp = Long.parseLong(item.get("exp").n());
    long ttl = Long.parseLong(item.get("ttl").n());
    assertTrue(exp >= before + 3_600_000 && exp <= System.currentTimeMillis() + 3_600_000);
    assertEquals((exp + 999) / 1000 + 60, ttl);
  }

  @Test
  void longKeysAreHashedAndKeptExactly() {
    Cache<String, String> cache = cache("long-keys", String.class, String.class);
    String longKey = "x".repeat(3_000);
    String otherLongKey = "y".repeat(3_000);
    cache.put(longKey, "one");
    cache.putAll(Map.of(otherLongKey, "two", "short", "three"));
    assertEquals("one", cache.get(longKey));
    assertEquals(Map.of(longKey, "one", otherLongKey, "two"),
        cache.getAll(Set.of(longKey, otherLongKey)));
    Set<String> keys = new HashSet<>();
    cache.forEach(e -> keys.add(e.getKey()));
    assertEquals(Set.of(longKey, otherLongKey, "short"), keys);
    assertTrue(cache.remove(longKey));
    assertNull(cache.get(longKey));
    assertTrue(cache.replace(otherLongKey, "two", "2"));
    assertEquals("2", cache.get(otherLongKey));
  }

  @Test
  void aHashCollisionIsDetectedNotReturned() {
    try (Storage storage = openStorage()) {
      Store store = storage.open("collisions", "-");
      byte[] key = ("S" + "k".repeat(3_000)).getBytes(StandardCharsets.UTF_8);
      byte[] other = ("S" + "o".repeat(3_000)).getBytes(StandardCharsets.UTF_8);
      store.put(new StoreEntry(key, "Sv".getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER));
      String pk = ((DynamoStore) store).partitionKey(key);
      assertTrue(pk.startsWith("collisions#H:"));
      // forge a collision: the item under key's hash claims to hold another key
      raw.updateItem(b -> b.tableName(TABLE).key(Map.of("k", AttributeValue.fromS(pk)))
          .updateExpression("SET kb = :kb")
          .expressionAttributeValues(Map.of(":kb", AttributeValue.fromB(
              software.amazon.awssdk.core.SdkBytes.fromByteArray(other)))));
      CacheException e = assertThrows(CacheException.class, () -> store.get(key));
      assertTrue(e.getMessage().contains("collision"), e.getMessage());
      assertThrows(CacheException.class, () -> store.put(
          new StoreEntry(key, "Sw".getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER)));
      assertThrows(CacheException.class, () -> store.remove(key));
    }
  }

  private static Storage openStorage() {
    Map<String, Object> options = new HashMap<>();
    options.put("endpoint", DYNAMO.endpoint());
    options.put("region", "us-east-1");
    DYNAMO.properties().forEach((k, v) -> options.put((String) k, v));
    URI uri = URI.create("dynamodb:" + TABLE);
    return new DynamoStoreFactory().open(uri, StoreOptions.of(options));
  }

  @Test
  void oversizedValuesAreRefusedNamingSizeAndLimit() {
    Cache<String, byte[]> cache = cache("big", String.class, byte[].class);
    byte[] fits = new byte[400_000];
    fits[123] = 7;
    cache.put("fits", fits);
    assertArrayEquals(fits, cache.get("fits"));
    byte[] tooBig = new byte[409_600];
    CacheException e = assertThrows(CacheException.class, () -> cache.put("big", tooBig));
    assertTrue(e.getMessage().contains("409600") && e.getMessage().contains("400 KB"),
        e.getMessage());
    assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains(TABLE), e.getMessage());
    assertNull(cache.get("big"));
    // putAll checks every item before writing any
    Map<String, byte[]> batch = new HashMap<>();
    batch.put("small", new byte[10]);
    batch.put("huge", tooBig);
    assertThrows(CacheException.class, () -> cache.putAll(batch));
    assertNull(cache.get("small"));
    assertThrows(CacheException.class, () -> cache.invoke("fits", (entry, args) -> {
      entry.setValue(tooBig);
      return null;
    }));
    assertArrayEquals(fits, cache.get("fits"));
  }

  @Test
  void bulkOperationsSpanSeveralBatches() {
    Cache<Integer, String> cache = cache("bulk", Integer.class, String.class);
    Map<Integer, String> values = IntStream.range(0, 260).boxed()
        .collect(Collectors.toMap(i -> i, i -> "v" + i));
    cache.putAll(values);
    assertEquals(values, cache.getAll(values.keySet()));
    Set<Integer> some = IntStream.range(0, 130).boxed().collect(Collectors.toSet());
    cache.removeAll(some);
    assertEquals(130, count(cache));
    cache.removeAll();
    assertEquals(0, count(cache));
  }

  @Test
  void computeIsACompareAndSetAcrossThreads() throws Exception {
    Cache<String, Long> cache = cache("counter", String.class, Long.class);
    cache.put("n", 0L);
    int threads = 4;
    int each = 50;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          cache.invoke("n", (e, a) -> {
            e.setValue(e.getValue() + 1);
            return null;
          });
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertEquals((long) threads * each, cache.get("n"));
  }

  @Test
  void iterationReadsPagesLazily() {
    try (Storage storage = openStorage()) {
      Store store = storage.open("pages", "-");
      for (int i = 0; i < 25; i++) {
        store.put(new StoreEntry(("Skey" + i).getBytes(StandardCharsets.UTF_8),
            ("Sv" + i).getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER));
      }
      Set<String> seen = new HashSet<>();
      Iterator<StoreEntry> it = store.iterator(3);
      while (it.hasNext()) {
        assertTrue(seen.add(new String(it.next().key(), StandardCharsets.UTF_8)));
      }
      assertEquals(25, seen.size());
    }
  }

  @Test
  void aHandedInClientIsUsedAndNotClosed() {
    Properties properties = new Properties();
    properties.put("dynamodb.client", raw);
    CacheManager other = provider.getCacheManager(URI.create("dynamodb:" + TABLE + "?pageSize=999"),
        DynamoStoreTest.class.getClassLoader(), properties);
    Cache<String, String> cache = other.createCache("handed-in",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "v");
    other.close();
    assertEquals("v", item("handed-in#S:k").get("v").s());
    assertNotNull(raw.describeTable(b -> b.tableName(TABLE)).table());
  }
}
