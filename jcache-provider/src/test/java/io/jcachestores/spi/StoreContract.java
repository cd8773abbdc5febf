package io.jcachestores.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Store} that every store must keep, whatever its server: extend it once
 * per store (a new store's first test). The JCache layer relies on every rule checked here; the
 * TCK checks them only indirectly.
 *
 * <p>A subclass gives the storage to test (opened once, shared by the tests: each test opens a
 * cache of its own in it), a way to see whether the store wrote anything, and a store that has
 * lost its server, to check how failures are reported.
 */
public abstract class StoreContract {

  private static final AtomicInteger CACHES = new AtomicInteger();

  /** The store of the current test: a fresh cache in {@link #storage()}. */
  protected Store store;
  /** The name of that cache. */
  protected String cacheName;

  /** Returns the storage under test; opened once per test class, closed by the subclass. */
  protected abstract Storage storage();

  /** Returns the store kind its failures name, e.g. {@code SQLite}. */
  protected abstract String kind();

  /**
   * Returns something that changes whenever the storage writes an entry of {@link #cacheName}
   * (a version, a counter of the file's changes), read around the store, not through it.
   */
  protected abstract Object writeStamp() throws Exception;

  /**
   * Returns a store of cache {@code name}, opened while its storage worked, that can no longer
   * reach it (a stopped server, a file another connection keeps locked), with a short timeout.
   * The caller releases what it holds with the returned {@link AutoCloseable}.
   */
  protected abstract Broken broken(String name) throws Exception;

  /** A store that lost its storage, and what undoes that. */
  public record Broken(Store store, AutoCloseable release) {}

  @BeforeEach
  void openCache() {
    cacheName = "contract-" + CACHES.incrementAndGet();
    store = storage().open(cacheName, "descriptor of " + cacheName);
  }

  @AfterEach
  void destroyCache() {
    storage().destroy(cacheName);
  }

  /** Returns key or value bytes as the codec would write a String. */
  protected static byte[] text(String s) {
    return ReadableForm.bytes(s);
  }

  private static long inAnHour() {
    return System.currentTimeMillis() + 3_600_000;
  }

  @Test
  void computeReturningTheSameInstanceWritesNothing() throws Exception {
    StoreEntry e = new StoreEntry(text("k"), text("v"), inAnHour());
    store.put(e);
    Object before = writeStamp();

    StoreEntry result = store.compute(e.key(), cur -> cur);
    assertArrayEquals(e.value(), result.value());
    assertEquals(e.expiresAt(), result.expiresAt());
    assertNull(store.compute(text("absent"), cur -> cur));
    assertNull(store.get(text("absent")));
    assertEquals(before, writeStamp(), "a compute that changed nothing wrote nothing");
  }

  @Test
  void computeThatThrowsWritesNothingAndPropagatesTheException() throws Exception {
    store.put(new StoreEntry(text("k"), text("v"), StoreEntry.NEVER));
    Object before = writeStamp();
    IllegalStateException thrown = new IllegalStateException("from the remapping");
    assertSame(thrown, assertThrows(IllegalStateException.class,
        () -> store.compute(text("k"), cur -> {
          throw thrown;
        })));
    assertArrayEquals(text("v"), store.get(text("k")).value());
    assertEquals(before, writeStamp());
  }

  @Test
  void theLastAttemptOfEveryComputeWinsAndNoUpdateIsLost() throws Exception {
    byte[] key = text("counter");
    int threads = 4;
    int each = 25;
    AtomicInteger invocations = new AtomicInteger();
    inThreads(threads, () -> {
      for (int i = 0; i < each; i++) {
        StoreEntry[] lastReturned = new StoreEntry[1];
        StoreEntry stored = store.compute(key, cur -> {
          invocations.incrementAndGet();
          long n = cur == null ? 0 : Long.parseLong(new String(cur.value(),
              StandardCharsets.UTF_8));
          lastReturned[0] = new StoreEntry(key,
              Long.toString(n + 1).getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER);
          return lastReturned[0];
        });
        assertArrayEquals(lastReturned[0].value(), stored.value(),
            "compute returns what its last attempt stored");
      }
    });
    assertEquals(Integer.toString(threads * each),
        new String(store.get(key).value(), StandardCharsets.UTF_8), "no update was lost");
    assertTrue(invocations.get() >= threads * each);
  }

  /** Runs {@code work} in {@code threads} threads at once and waits for them all. */
  private static void inThreads(int threads, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(work));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);  // patience on a loaded machine, not a product timeout
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Keys that several stores would take as one if they compared readable forms loosely: Integer
   * 1, Long 1 and Double 1.0 are one {@code _id} to MongoDB, for instance.
   */
  private static List<byte[]> keysOfEveryType() {
    byte[] longKey = new byte[3_000];
    Arrays.fill(longKey, (byte) 'x');
    longKey[0] = 'S';
    return List.of(text("1"), ReadableForm.bytes(1L), ReadableForm.bytes(1),
        ReadableForm.bytes(1.0), ReadableForm.bytes(true), new byte[] {'B', '1'},
        new byte[] {0, -1, 7}, longKey);
  }

  private static long counter(StoreEntry e) {
    return (Long) ReadableForm.of(e.value());
  }

  @Test
  void incrementCreatesAddsAndStartsAgainAfterExpiry() {
    long now = System.currentTimeMillis();
    long hour = inAnHour();
    for (byte[] key : List.of(text("counter"), keysOfEveryType().get(7))) {
      Increment.Result created = store.increment(key, new Increment(5, now, hour, Increment.KEEP));
      assertNull(created.before());
      assertTrue(created.created(now));
      assertEquals(5, created.value());
      assertEquals(hour, store.get(key).expiresAt());

      Increment.Result added = store.increment(key, new Increment(-7, now, 1, Increment.KEEP));
      assertFalse(added.created(now));
      assertEquals(5, counter(added.before()));
      assertEquals(-2, added.value());
      assertEquals(-2, counter(store.get(key)), "the sum is stored as a Long's readable form");
      assertEquals(hour, store.get(key).expiresAt(), "KEEP keeps the expiry time");

      Increment.Result eternal = store.increment(key,
          new Increment(2, now, 1, StoreEntry.NEVER));
      assertEquals(0, eternal.value());
      assertEquals(StoreEntry.NEVER, eternal.after().expiresAt());
      assertEquals(StoreEntry.NEVER, store.get(key).expiresAt());

      Increment.Result later = store.increment(key, new Increment(3, now, hour, hour + 1));
      assertEquals(hour + 1, later.after().expiresAt());
      assertEquals(hour + 1, store.get(key).expiresAt());

      long afterExpiry = hour + 2;
      Increment.Result fresh = store.increment(key,
          new Increment(4, afterExpiry, StoreEntry.NEVER, Increment.KEEP));
      assertTrue(fresh.created(afterExpiry), "an expired counter counts as absent");
      assertEquals(3, counter(fresh.before()));
      assertEquals(4, counter(store.get(key)));
      assertEquals(StoreEntry.NEVER, store.get(key).expiresAt());
    }
  }

  @Test
  void incrementLeavesWhatIsNotACounterUntouched() throws Exception {
    long now = System.currentTimeMillis();
    List<byte[]> others = List.of(text("12"), ReadableForm.bytes(12), ReadableForm.bytes(1.5),
        new byte[] {'J', 1, 2}, ReadableForm.bytes(true));
    for (int i = 0; i < others.size(); i++) {
      store.put(new StoreEntry(text("k" + i), others.get(i), StoreEntry.NEVER));
    }
    Object before = writeStamp();
    for (int i = 0; i < others.size(); i++) {
      assertNull(store.increment(text("k" + i), new Increment(1, now, 1, Increment.KEEP)));
      assertArrayEquals(others.get(i), store.get(text("k" + i)).value());
    }
    store.put(new StoreEntry(text("max"), ReadableForm.bytes(Long.MAX_VALUE - 1),
        StoreEntry.NEVER));
    store.put(new StoreEntry(text("min"), ReadableForm.bytes(Long.MIN_VALUE + 1),
        StoreEntry.NEVER));
    before = writeStamp();
    assertThrows(ArithmeticException.class,
        () -> store.increment(text("max"), new Increment(2, now, 1, Increment.KEEP)));
    assertThrows(ArithmeticException.class,
        () -> store.increment(text("min"), new Increment(-2, now, 1, Increment.KEEP)));
    assertEquals(before, writeStamp(), "an overflow writes nothing");
    assertEquals(Long.MAX_VALUE, store.increment(text("max"),
        new Increment(1, now, 1, Increment.KEEP)).value());
  }

  @Test
  void concurrentIncrementsAddUpExactly() throws Exception {
    byte[] key = text("counter");
    int threads = 4;
    int each = 50;
    inThreads(threads, () -> {
      for (int i = 0; i < each; i++) {
        store.increment(key, new Increment(1, System.currentTimeMillis(), StoreEntry.NEVER,
            Increment.KEEP));
      }
    });
    assertEquals(threads * each, counter(store.get(key)));
  }

  @Test
  void touchSetsTheExpiryOfLiveEntriesOnly() {
    long now = System.currentTimeMillis();
    long hour = inAnHour();
    byte[] longKey = keysOfEveryType().get(7);
    store.put(new StoreEntry(text("live"), text("v"), now + 1_000));
    store.put(new StoreEntry(longKey, text("long"), StoreEntry.NEVER));
    store.put(new StoreEntry(text("expired"), text("v"), now - 1));

    assertTrue(store.touch(text("live"), now, hour));
    assertEquals(hour, store.get(text("live")).expiresAt());
    assertArrayEquals(text("v"), store.get(text("live")).value(), "the value is kept");
    assertTrue(store.touch(text("live"), now, StoreEntry.NEVER));
    assertEquals(StoreEntry.NEVER, store.get(text("live")).expiresAt());
    assertTrue(store.touch(longKey, now, hour));
    assertEquals(hour, store.get(longKey).expiresAt());

    assertFalse(store.touch(text("expired"), now, hour));
    assertEquals(now - 1, store.get(text("expired")).expiresAt());
    assertFalse(store.touch(text("absent"), now, hour));
    assertNull(store.get(text("absent")));
  }

  @Test
  void keysOfEveryTypeStayDistinctAndIterationGivesEachOnce() {
    List<byte[]> keys = keysOfEveryType();
    List<StoreEntry> entries = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      entries.add(new StoreEntry(keys.get(i), text("v" + i), StoreEntry.NEVER));
    }
    store.putAll(entries.subList(0, 4));
    entries.subList(4, entries.size()).forEach(store::put);

    for (StoreEntry e : entries) {
      assertArrayEquals(e.value(), store.get(e.key()).value());
    }
    Map<ByteBuffer, byte[]> read = new HashMap<>();
    for (StoreEntry e : store.getAll(keys)) {
      assertNull(read.put(ByteBuffer.wrap(e.key()), e.value()), "getAll gave a key twice");
    }
    assertEquals(keys.size(), read.size());
    Set<ByteBuffer> iterated = new HashSet<>();
    for (Iterator<StoreEntry> it = store.iterator(3); it.hasNext(); ) {
      StoreEntry e = it.next();
      assertTrue(iterated.add(ByteBuffer.wrap(e.key())), "iteration gave a key twice");
      assertArrayEquals(read.get(ByteBuffer.wrap(e.key())), e.value());
    }
    assertEquals(read.keySet(), iterated);
  }

  @Test
  void expiredEntriesComeBackAsTheyAre() {
    long past = System.currentTimeMillis() - 60_000;
    StoreEntry expired = new StoreEntry(text("old"), text("v"), past);
    store.put(expired);

    StoreEntry got = store.get(expired.key());
    assertArrayEquals(expired.value(), got.value());
    assertEquals(past, got.expiresAt());
    assertEquals(past, store.getAll(List.of(expired.key())).get(0).expiresAt());
    assertEquals(past, store.iterator(10).next().expiresAt());
    store.compute(expired.key(), cur -> {
      assertNotNull(cur, "compute sees an expired entry");
      assertEquals(past, cur.expiresAt());
      return cur;
    });
    assertTrue(store.remove(expired.key()), "removing an expired entry removes something");
    assertFalse(store.remove(expired.key()));
  }

  @Test
  void bulkOperationsTakeEmptyCollectionsAndSpanTheStoresBatches() {
    assertEquals(List.of(), store.getAll(List.of()));
    store.putAll(List.of());
    store.removeAll(List.of());

    List<StoreEntry> entries = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      entries.add(new StoreEntry(text("k" + i), text("v" + i), inAnHour()));
      keys.add(text("k" + i));
    }
    store.putAll(entries);
    List<byte[]> withAbsent = new ArrayList<>(keys);
    for (int i = 0; i < 20; i++) {
      withAbsent.add(text("absent" + i));
    }
    assertEquals(130, store.getAll(withAbsent).size());
    store.removeAll(keys.subList(0, 100));
    assertEquals(30, store.getAll(withAbsent).size());
    store.clear();
    assertEquals(List.of(), store.getAll(withAbsent));
  }

  @Test
  void clearLeavesOtherCachesAlone() {
    Store other = storage().open(cacheName + "-other", "other");
    try {
      other.put(new StoreEntry(text("k"), text("other"), StoreEntry.NEVER));
      store.put(new StoreEntry(text("k"), text("mine"), StoreEntry.NEVER));
      store.clear();
      assertNull(store.get(text("k")));
      assertArrayEquals(text("other"), other.get(text("k")).value());
    } finally {
      storage().destroy(cacheName + "-other");
    }
  }

  @Test
  void failuresAreStoreExceptionsThatNameTheStoreOperationAndCache() throws Exception {
    String name = cacheName + "-broken";
    Broken broken = broken(name);
    try {
      StoreException e = assertThrows(StoreException.class,
          () -> broken.store().get(text("k")));
      assertEquals(kind(), e.store());
      assertEquals("get", e.operation());
      assertEquals(name, e.cache());
      assertFalse(e.where().isEmpty());
      assertTrue(e.getMessage().startsWith(kind() + " get failed for cache '" + name + "' in "
          + e.where() + ": "), e.getMessage());
    } finally {
      broken.release().close();
    }
  }

  /**
   * Returns whether the store holds caches within a {@link Budget}; one that does not must refuse
   * a bounded one, saying why.
   */
  protected boolean supportsBudgets() {
    return true;
  }

  @Test
  void aBoundedStoreStaysWithinItsBudgetSparesWhatWasReadAndCountsEvictions() {
    String name = cacheName + "-bounded";
    Budget budget = new Budget(16, Long.MAX_VALUE);
    java.util.concurrent.atomic.LongAdder evicted = new java.util.concurrent.atomic.LongAdder();
    if (!supportsBudgets()) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> storage().open(name, "bounded", budget, evicted::add));
      assertTrue(e.getMessage().length() > 40, "says why: " + e.getMessage());
      assertTrue(storage().open(name, "unbounded", Budget.UNBOUNDED, evicted::add).usage()
          .isEmpty());
      storage().destroy(name);
      return;
    }
    try {
      Store bounded = storage().open(name, "bounded", budget, evicted::add);
      bounded.put(new StoreEntry(text("read"), text("v"), StoreEntry.NEVER));
      int written = 1;
      for (int i = 0; i < 100; i++) {
        StoreEntry e = new StoreEntry(text("k" + i), text("v" + i), StoreEntry.NEVER);
        switch (i % 3) {
          case 0 -> bounded.put(e);
          case 1 -> bounded.putAll(List.of(e));
          default -> bounded.compute(e.key(), cur -> e);
        }
        written++;
        assertNotNull(bounded.get(text("read")), "read after every write, so never evicted");
        Usage usage = bounded.usage().orElseThrow();
        assertTrue(usage.entries() <= 16, "within budget: " + usage);
      }
      long held = 0;
      for (Iterator<StoreEntry> it = bounded.iterator(10); it.hasNext(); it.next()) {
        held++;
      }
      assertEquals(held, bounded.usage().orElseThrow().entries(), "usage counts what is held");
      assertEquals(written - held, evicted.sum(), "every entry that left was counted");
      assertTrue(bounded.remove(text("read")));
      assertEquals(held - 1, bounded.usage().orElseThrow().entries(), "removals are counted");
      bounded.clear();
      assertEquals(Usage.NONE, bounded.usage().orElseThrow());
    } finally {
      storage().destroy(name);
    }
  }
}
