package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.integration.CacheWriter;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link KeyValueCache} on every store: each operation, its events and statistics as its JCache
 * counterpart's, its time to live, and its refusals.
 */
class KeyValueCacheTest {

  private final TestClock clock = new TestClock();
  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private EveryStore.Fresh store;

  private CacheManager open(EveryStore kind, Properties options) {
    if (store == null) {
      store = kind.fresh("kv" + kind.ordinal());
    }
    Properties all = new Properties();
    all.put("clock", clock);
    all.putAll(options);
    CacheManager manager = store.open(all);
    managers.add(manager);
    return manager;
  }

  /**
   * Creates cache "kv" with statistics on in this manager only (so that other managers of the
   * store, in this JVM, can open it without a second statistics MBean of the same name).
   */
  @SuppressWarnings("unchecked")
  private <V> KeyValueCache<String, V> cache(EveryStore kind, StoreConfiguration<String, V> c) {
    CacheManager manager = open(kind, new Properties());
    Cache<String, V> cache = manager.createCache("kv", c);
    manager.enableStatistics("kv", true);
    return cache.unwrap(KeyValueCache.class);
  }

  private KeyValueCache<String, Long> counters(EveryStore kind) {
    return cache(kind, new StoreConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  /** Records every event as "TYPE key value old". */
  public static final class Recorder implements CacheEntryCreatedListener<Object, Object>,
      CacheEntryUpdatedListener<Object, Object>, CacheEntryExpiredListener<Object, Object> {
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    private static void record(Iterable<CacheEntryEvent<?, ?>> events) {
      for (CacheEntryEvent<?, ?> e : events) {
        EVENTS.add(e.getEventType() + " " + e.getKey() + " " + e.getValue() + " "
            + e.getOldValue());
      }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onCreated(Iterable events) throws CacheEntryListenerException {
      record(events);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onUpdated(Iterable events) throws CacheEntryListenerException {
      record(events);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onExpired(Iterable events) throws CacheEntryListenerException {
      record(events);
    }
  }

  private static <V> void listen(Cache<String, V> cache) {
    Recorder.EVENTS.clear();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(Recorder.class), null, true, true));
  }

  private static CacheStatisticsMXBean statistics(Cache<?, ?> cache) {
    try {
      return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
          new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
              + cache.getCacheManager().getURI().toString().replace(':', '.') + ",Cache="
              + cache.getName()), CacheStatisticsMXBean.class);
    } catch (MalformedObjectNameException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void incrementCountsInTheReadableNumberFormAsAnUpdate(EveryStore kind) {
    KeyValueCache<String, Long> cache = counters(kind);
    listen(cache);
    assertEquals(5, cache.increment("hits", 5));
    assertEquals(7, cache.increment("hits", 2));
    assertEquals(4, cache.decrement("hits", 3));
    assertEquals(4L, cache.get("hits"), "JCache get sees a Long");
    assertEquals(List.of("CREATED hits 5 null", "UPDATED hits 7 5", "UPDATED hits 4 7"),
        Recorder.EVENTS);
    CacheStatisticsMXBean stats = statistics(cache);
    assertEquals(3, stats.getCachePuts(), "each increment is a put");
    assertEquals(1, stats.getCacheHits(), "only the get read");

    Cache<String, Long> other = open(kind, new Properties()).getCache("kv", String.class,
        Long.class);
    assertEquals(4L, other.get("hits"), "another manager (process) reads the number");
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void incrementFollowsTheExpiryPolicyAndStartsAgainAfterExpiry(EveryStore kind) {
    KeyValueCache<String, Long> cache = cache(kind, new StoreConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.SECONDS, 10))));
    listen(cache);
    cache.increment("n", 1);
    clock.advance(Duration.ofSeconds(8));
    cache.increment("n", 1);
    clock.advance(Duration.ofSeconds(8));
    assertEquals(2L, cache.get("n"), "an update renews a modified-expiry entry");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(1, cache.increment("n", 1), "an expired counter starts again");
    assertEquals(List.of("CREATED n 1 null", "UPDATED n 2 1", "EXPIRED n 2 2", "CREATED n 1 null"),
        Recorder.EVENTS);
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void incrementRefusesWhatIsNotACounterAndOverflowsWithoutWriting(EveryStore kind) {
    KeyValueCache<String, Object> cache = cache(kind, new StoreConfiguration<String, Object>()
        .setTypes(String.class, Object.class));
    cache.put("name", "Ada");
    cache.put("small", 3);
    cache.put("max", Long.MAX_VALUE);
    ClassCastException e = assertThrows(ClassCastException.class,
        () -> cache.increment("name", 1));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    assertThrows(ClassCastException.class, () -> cache.increment("small", 1));
    assertThrows(ArithmeticException.class, () -> cache.increment("max", 1));
    assertThrows(ArithmeticException.class, () -> cache.decrement("max", Long.MIN_VALUE));
    assertEquals("Ada", cache.get("name"));
    assertEquals(3, cache.get("small"));
    assertEquals(Long.MAX_VALUE, cache.get("max"));
    assertEquals(Long.MAX_VALUE - 1, cache.decrement("max", 1));

    KeyValueCache<String, String> strings = open(kind, new Properties())
        .createCache("strings", new StoreConfiguration<String, String>()
            .setTypes(String.class, String.class)).unwrap(KeyValueCache.class);
    assertThrows(ClassCastException.class, () -> strings.increment("k", 1));
    assertNull(strings.get("k"));
  }

  /** A writer that records what it is given. */
  public static final class Written implements CacheWriter<String, Long> {
    static final List<String> WRITES = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void write(Cache.Entry<? extends String, ? extends Long> entry) {
      WRITES.add(entry.getKey() + "=" + entry.getValue());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends Long>> c) {
      c.forEach(this::write);
      c.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void incrementWritesThroughAndWorksOnSignedValues(EveryStore kind) {
    Written.WRITES.clear();
    KeyValueCache<String, Long> written = cache(kind, new StoreConfiguration<String, Long>()
        .setTypes(String.class, Long.class).setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(Written.class)));
    written.increment("w", 2);
    written.increment("w", 3);
    assertEquals(List.of("w=2", "w=5"), Written.WRITES);

    Properties signed = new Properties();
    signed.setProperty("secretKey", "s3cret");
    KeyValueCache<String, Long> cache = open(kind, signed).createCache("signed",
        new StoreConfiguration<String, Long>().setTypes(String.class, Long.class))
        .unwrap(KeyValueCache.class);
    cache.increment("n", 40);
    assertEquals(42, cache.increment("n", 2));
    assertEquals(42L, cache.get("n"));

    // an attacker without the key writes a counter: a signed cache never adds to it
    open(kind, new Properties()).getCache("signed", String.class, Long.class).put("n", 1_000L);
    assertEquals(1, cache.increment("n", 1), "the forged value counts as absent");
    assertEquals(1L, cache.get("n"));
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void writesWithATimeToLive(EveryStore kind) {
    KeyValueCache<String, String> cache = cache(kind, new StoreConfiguration<String, String>()
        .setTypes(String.class, String.class));
    listen(cache);
    cache.put("one", "1", Duration.ofSeconds(5));
    Map<String, String> many = new LinkedHashMap<>();
    many.put("two", "2");
    many.put("one", "uno");
    cache.putAll(many, Duration.ofSeconds(10));
    cache.putAll(Map.of("eternal", "e"), null);
    assertEquals(4, statistics(cache).getCachePuts());
    assertEquals(List.of("CREATED one 1 null", "CREATED two 2 null", "UPDATED one uno 1",
        "CREATED eternal e null"), Recorder.EVENTS);
    clock.advance(Duration.ofSeconds(9));
    assertEquals("uno", cache.get("one"), "putAll's time to live replaced put's");
    clock.advance(Duration.ofSeconds(1));
    assertNull(cache.get("one"));
    assertNull(cache.get("two"));
    assertEquals("e", cache.get("eternal"), "null: the (eternal) policy decides");
    assertThrows(IllegalArgumentException.class,
        () -> cache.putAll(Map.of("k", "v"), Duration.ofSeconds(-1)));
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void addStoresOnlyWhatIsAbsentForItsTimeToLive(EveryStore kind) {
    KeyValueCache<String, String> cache = cache(kind, new StoreConfiguration<String, String>()
        .setTypes(String.class, String.class));
    listen(cache);
    assertTrue(cache.add("k", "first", Duration.ofSeconds(5)));
    assertFalse(cache.add("k", "second", null));
    assertEquals("first", cache.get("k"));
    clock.advance(Duration.ofSeconds(5));
    assertTrue(cache.add("k", "third", null), "an expired entry is absent");
    assertEquals(List.of("CREATED k first null", "EXPIRED k first first",
        "CREATED k third null"), Recorder.EVENTS);
    CacheStatisticsMXBean stats = statistics(cache);
    assertEquals(2, stats.getCachePuts());
    assertEquals(2, stats.getCacheHits(), "the refused add and the get");
    assertEquals(2, stats.getCacheMisses());
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void getOrComputeStoresOnceAndReturnsWhatWon(EveryStore kind) throws Exception {
    KeyValueCache<String, String> cache = cache(kind, new StoreConfiguration<String, String>()
        .setTypes(String.class, String.class));
    AtomicInteger loads = new AtomicInteger();
    assertEquals("v:a", cache.getOrCompute("a", k -> "v:" + k + loads.incrementAndGet() * 0,
        Duration.ofSeconds(5)).replace("0", ""));
    assertEquals(1, loads.get());
    assertEquals("v:a0", cache.getOrCompute("a", k -> "other", null), "a hit: no load");
    clock.advance(Duration.ofSeconds(5));
    assertEquals("again", cache.getOrCompute("a", k -> "again", null), "expired: loads again");
    assertNull(cache.getOrCompute("none", k -> null, null));
    assertFalse(cache.containsKey("none"));

    // another process stored a value while this one computed: the stored one wins
    Cache<String, String> other = open(kind, new Properties()).getCache("kv", String.class,
        String.class);
    assertEquals("theirs", cache.getOrCompute("b", k -> {
      other.put("b", "theirs");
      return "mine";
    }, null));
    assertEquals("theirs", cache.get("b"));

    // threads of one process: the loader runs once, every caller gets its value
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      results.add(pool.submit(() -> cache.getOrCompute("c", k -> {
        runs.incrementAndGet();
        loading.countDown();
        await(release);
        return "computed";
      }, null)));
      await(loading);
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> cache.getOrCompute("c", k -> {
          runs.incrementAndGet();
          return "duplicate";
        }, null)));
      }
      release.countDown();
      for (Future<String> f : results) {
        assertEquals("computed", f.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(runs.get() <= 2, "a caller that arrived late may find the value stored, or"
        + " wait for the run in progress; none computes beside it: " + runs.get());

    IllegalStateException failure = new IllegalStateException("loader failed");
    assertSame(failure, assertThrows(IllegalStateException.class,
        () -> cache.getOrCompute("d", k -> {
          throw failure;
        }, null)));
    assertFalse(cache.containsKey("d"));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(2, TimeUnit.MINUTES));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void touchExtendsLifePastTheOldExpiry(EveryStore kind) {
    KeyValueCache<String, String> cache = cache(kind, new StoreConfiguration<String, String>()
        .setTypes(String.class, String.class));
    cache.put("k", "v", Duration.ofSeconds(5));
    listen(cache);
    clock.advance(Duration.ofSeconds(4));
    assertTrue(cache.touch("k", Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(9));
    assertEquals("v", cache.get("k"), "alive 13 s after a 5 s put");
    assertFalse(cache.touch("absent", Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(1));
    assertFalse(cache.touch("k", Duration.ofSeconds(10)), "expired: nothing to touch");
    assertNull(cache.get("k"));
    assertTrue(cache.add("forever", "f", Duration.ofSeconds(1)));
    assertTrue(cache.touch("forever", java.time.temporal.ChronoUnit.FOREVER.getDuration()));
    clock.advance(Duration.ofDays(10_000));
    assertEquals("f", cache.get("forever"));
    assertEquals(List.of("EXPIRED k v v", "CREATED forever f null"), Recorder.EVENTS,
        "touch raises no event");
    assertThrows(NullPointerException.class, () -> cache.touch("k", null));
    assertThrows(IllegalArgumentException.class, () -> cache.touch("k", Duration.ofSeconds(-1)));
  }
}
