package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.HttpCacheUpdateException;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.client5.http.impl.cache.HeapResource;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.HeaderGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The storages on their own: compare-and-set, bulk reads, corruption, async contract. */
class StorageTest {

  private static final String STORES = "io.jcachestores.http.TestStores#all";
  private static final String ROOT = "http://example.com:80/r";

  @TempDir Path dir;
  private JCacheHttpCaching caching;

  @AfterEach
  void close() {
    if (caching != null) {
      caching.close();
    }
  }

  private Cache<String, Object> cache(TestStores store) {
    caching = JCacheHttpCaching.builder().store(store.newUri(dir, "storage")).build();
    return caching.cache();
  }

  static HttpCacheEntry entry(String body, Set<String> variants) {
    Instant now = Instant.now();
    HeaderGroup response = new HeaderGroup();
    response.addHeader(new BasicHeader("Cache-Control", "max-age=60"));
    response.addHeader(new BasicHeader("Date", org.apache.hc.client5.http.utils.DateUtils
        .formatStandardDate(now)));
    return new HttpCacheEntry(now, now, "GET", ROOT, new HeaderGroup(), 200, response,
        new HeapResource(body.getBytes(StandardCharsets.UTF_8)), variants);
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void updateIsACompareAndSetThatLosesNoUpdate(TestStores store) throws Exception {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache(store),
        EntryLifetime.defaults(), 10_000);
    storage.putEntry(ROOT, entry("root", Set.of()));
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String variant = "{lang=" + i + "}";
      done.add(pool.submit(() -> {
        start.await();
        storage.updateEntry(ROOT, existing -> {
          Set<String> variants = new HashSet<>(existing.getVariants());
          variants.add(variant);
          return entry("root", variants);
        });
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertEquals(32, storage.getEntry(ROOT).getVariants().size());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void updateGivesUpAfterItsRetriesWhenEveryAttemptLoses(TestStores store) throws Exception {
    Cache<String, Object> cache = cache(store);
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache, EntryLifetime.defaults(), 2);
    storage.putEntry(ROOT, entry("v0", Set.of()));
    AtomicInteger attempts = new AtomicInteger();

    assertThrows(HttpCacheUpdateException.class, () -> storage.updateEntry(ROOT, existing -> {
      // a competing writer changes the entry between our read and our write, every time
      cache.put(ROOT, JCacheHttpCacheStorage.encode(ROOT,
          entry("other" + attempts.incrementAndGet(), Set.of())));
      return entry("mine", Set.of());
    }));
    assertEquals(3, attempts.get());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void updateReturningNullDeletesAndGetEntriesIsOneBulkRead(TestStores store) throws Exception {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache(store));
    storage.putEntry(ROOT, entry("a", Set.of()));
    storage.putEntry(ROOT + "2", entry("b", Set.of()));

    Map<String, HttpCacheEntry> both = storage.getEntries(List.of(ROOT, ROOT + "2", ROOT + "3"));
    storage.updateEntry(ROOT, existing -> null);

    assertEquals(Set.of(ROOT, ROOT + "2"), both.keySet());
    assertNull(storage.getEntry(ROOT));
    assertNotNull(storage.getEntry(ROOT + "2"));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void corruptEntryIsAMissAndIsRemoved(TestStores store) throws Exception {
    Cache<String, Object> cache = cache(store);
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache);
    cache.put(ROOT, new byte[] {1, 2, 3});
    // a valid entry stored under the wrong key is corrupt too
    cache.put(ROOT + "x", JCacheHttpCacheStorage.encode(ROOT, entry("a", Set.of())));

    assertNull(storage.getEntry(ROOT));
    assertTrue(storage.getEntries(List.of(ROOT + "x")).isEmpty());
    assertEquals(false, cache.containsKey(ROOT));
    assertEquals(false, cache.containsKey(ROOT + "x"));
  }

  @Test
  void aHitWithUnchangedBytesIsNotDecodedAgainButChangedBytesAre() throws Exception {
    Cache<String, Object> cache = cache(TestStores.SQLITE);
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache);
    storage.putEntry(ROOT, entry("a", Set.of()));
    HttpCacheEntry first = storage.getEntry(ROOT);

    assertSame(first, storage.getEntry(ROOT));
    assertSame(first, storage.getEntries(List.of(ROOT)).get(ROOT));

    // another process stores a new entry: the store's bytes win over what was decoded
    new JCacheHttpCacheStorage(cache).putEntry(ROOT, entry("b", Set.of()));
    assertEquals("b", body(storage.getEntry(ROOT)));
    // bytes overwritten by someone else are decoded (and refused) again, never served from memory
    cache.put(ROOT, new byte[] {1, 2, 3});
    assertNull(storage.getEntry(ROOT));
    storage.putEntry(ROOT, entry("c", Set.of()));
    storage.removeEntry(ROOT);
    assertNull(storage.getEntry(ROOT));
  }

  @Test
  void withoutADecodedBudgetEveryHitIsDecoded() throws Exception {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache(TestStores.SQLITE),
        EntryLifetime.defaults(), 0, 0);
    storage.putEntry(ROOT, entry("a", Set.of()));

    assertNotSame(storage.getEntry(ROOT), storage.getEntry(ROOT));
    assertThrows(IllegalArgumentException.class, () -> new JCacheHttpCacheStorage(
        cache(TestStores.SQLITE), EntryLifetime.defaults(), 0, -1));
  }

  @Test
  void decodedEntriesStayWithinTheirBudget() throws Exception {
    DecodedEntries decoded = new DecodedEntries(64 * 1024);
    String body = "x".repeat(1024);
    for (int i = 0; i < 1000; i++) {
      decoded.put(ROOT + i, JCacheHttpCacheStorage.encode(ROOT + i, entry(body, Set.of())),
          entry(body, Set.of()));
    }
    assertTrue(decoded.weight() > 0);
    assertTrue(decoded.weight() <= 64 * 1024, "weight " + decoded.weight());
  }

  private static String body(HttpCacheEntry entry) throws ResourceIOException {
    return new String(entry.getResource().get(), StandardCharsets.UTF_8);
  }

  @Test
  void failingStoreIsReportedAsResourceIoException() {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(ProbeCache.down());
    assertThrows(ResourceIOException.class, () -> storage.getEntry(ROOT));
    assertThrows(ResourceIOException.class, () -> storage.putEntry(ROOT, entry("a", Set.of())));
    assertThrows(ResourceIOException.class, () -> storage.updateEntry(ROOT, e -> e));
    assertThrows(ResourceIOException.class, () -> storage.getEntries(List.of(ROOT)));
  }

  /** An executor that runs nothing until told to. */
  private static final class ManualExecutor implements java.util.concurrent.Executor {
    final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable r) {
      queue.add(r);
    }

    void runAll() {
      while (!queue.isEmpty()) {
        queue.poll().run();
      }
    }
  }

  /** A callback recording the single outcome it is told. */
  private static final class Outcome<T> implements FutureCallback<T> {
    final CompletableFuture<String> first = new CompletableFuture<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile Exception failure;

    @Override
    public void completed(T result) {
      calls.incrementAndGet();
      first.complete("completed");
    }

    @Override
    public void failed(Exception ex) {
      calls.incrementAndGet();
      failure = ex;
      first.complete("failed");
    }

    @Override
    public void cancelled() {
      calls.incrementAndGet();
      first.complete("cancelled");
    }
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void asyncCancellationBeforeRunningSkipsTheOperation(TestStores store) throws Exception {
    Cache<String, Object> cache = cache(store);
    ManualExecutor executor = new ManualExecutor();
    JCacheHttpAsyncCacheStorage async = new JCacheHttpAsyncCacheStorage(cache, executor);
    Outcome<Boolean> outcome = new Outcome<>();

    Cancellable op = async.putEntry(ROOT, entry("a", Set.of()), outcome);
    assertTrue(op.cancel());
    executor.runAll();

    assertEquals("cancelled", outcome.first.getNow("none"));
    assertEquals(1, outcome.calls.get());
    assertEquals(false, cache.containsKey(ROOT), "a cancelled put must not run");
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void asyncRunsOnTheExecutorAndReportsOnce(TestStores store) throws Exception {
    Cache<String, Object> cache = cache(store);
    ManualExecutor executor = new ManualExecutor();
    JCacheHttpAsyncCacheStorage async = new JCacheHttpAsyncCacheStorage(cache, executor);
    Outcome<Boolean> put = new Outcome<>();

    Cancellable op = async.putEntry(ROOT, entry("a", Set.of()), put);
    assertEquals(false, cache.containsKey(ROOT), "nothing runs on the caller's thread");
    executor.runAll();

    assertEquals("completed", put.first.getNow("none"));
    assertEquals(false, op.cancel(), "too late to cancel");
    assertEquals(1, put.calls.get());
    assertTrue(cache.containsKey(ROOT));
  }

  @Test
  void asyncQueueIsBoundedAndOverflowIsAMiss() throws Exception {
    ExecutorService tiny = JCacheHttpAsyncCacheStorage.newExecutor(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    tiny.execute(() -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    started.await();
    tiny.execute(() -> { }); // fills the queue of one
    assertThrows(RejectedExecutionException.class, () -> tiny.execute(() -> { }));
    JCacheHttpAsyncCacheStorage async = new JCacheHttpAsyncCacheStorage(
        new JCacheHttpCacheStorage(ProbeCache.recording(ProbeCache.down(), ProbeCache.threadSet())),
        tiny);
    Outcome<HttpCacheEntry> outcome = new Outcome<>();

    async.getEntry(ROOT, outcome);

    assertEquals("failed", outcome.first.getNow("none"));
    assertInstanceOf(ResourceIOException.class, outcome.failure);
    release.countDown();
    tiny.shutdown();
  }
}
