package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The asynchronous face: the same operations as stages, cancellation and back-pressure. */
class AsyncKeyValueCacheTest {

  /** A test's patience with a loaded machine, not a product timeout. */
  private static final long PATIENCE_SECONDS = 120;

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private static KeyValueCache<String, Long> counters(CacheManager manager) {
    return manager.createCache("async", new StoreConfiguration<String, Long>()
        .setTypes(String.class, Long.class)).unwrap(KeyValueCache.class);
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void operationsCompleteAsStagesWith64Outstanding(EveryStore kind) throws Exception {
    try (CacheManager manager = kind.fresh("async" + kind.ordinal()).open()) {
      AsyncKeyValueCache<String, Long> cache = counters(manager).async();
      List<CompletableFuture<Long>> increments = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        increments.add(cache.increment("n", 1).toCompletableFuture());
      }
      List<Long> results = new ArrayList<>();
      for (CompletableFuture<Long> f : increments) {
        results.add(f.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
      }
      assertEquals(64L, results.stream().mapToLong(Long::longValue).max().orElseThrow());
      assertEquals(64, Set.copyOf(results).size(), "each increment saw its own sum");
      assertEquals(64L, await(cache.get("n")));

      await(cache.put("a", 1L));
      await(cache.putAll(Map.of("b", 2L, "c", 3L), Duration.ofHours(1)));
      assertEquals(Map.of("a", 1L, "b", 2L), await(cache.getAll(Set.of("a", "b", "x"))));
      assertTrue(await(cache.add("d", 4L, null)));
      assertFalse(await(cache.putIfAbsent("d", 5L)));
      assertEquals(4L, await(cache.getOrCompute("d", k -> 9L, null)));
      assertTrue(await(cache.touch("d", Duration.ofHours(1))));
      assertEquals(5L, (long) await(cache.invoke("d", (e, args) -> {
        e.setValue(e.getValue() + 1);
        return e.getValue();
      })));
      assertEquals(5L, await(cache.getAndRemove("d")));
      assertTrue(await(cache.replace("a", 10L)));
      assertEquals(1L, await(cache.decrement("b", 1)));
      assertTrue(await(cache.remove("a", 10L)));
      assertFalse(await(cache.containsKey("a")));
      await(cache.clear());
      assertNull(await(cache.get("n")));
      assertSame(cache.sync(), manager.getCache("async", String.class, Long.class)
          .unwrap(KeyValueCache.class));
    }
  }

  @Test
  void failuresCompleteTheStageAndAreNeverThrown() throws Exception {
    try (CacheManager manager = EveryStore.SQLITE.fresh("asyncfail").open()) {
      AsyncKeyValueCache<String, Long> cache = counters(manager).async();
      CompletionStage<Long> refused = cache.get(null);
      ExecutionException e = assertThrows(ExecutionException.class, () -> await(refused));
      assertInstanceOf(NullPointerException.class, e.getCause());
      await(cache.put("max", Long.MAX_VALUE));
      e = assertThrows(ExecutionException.class, () -> await(cache.increment("max", 1)));
      assertInstanceOf(ArithmeticException.class, e.getCause());

      manager.close();
      e = assertThrows(ExecutionException.class, () -> await(cache.get("k")));
      assertInstanceOf(RejectedExecutionException.class, e.getCause(),
          "a closed manager refuses new operations");
    }
  }

  @Test
  void callsNeverBlockAndACancelledOperationNeverRuns() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    CountDownLatch busy = new CountDownLatch(1);
    try (CacheManager manager = EveryStore.SQLITE.fresh("asynccancel").open()) {
      AsyncKeyValueCache<String, Long> cache = counters(manager).async(one);
      one.execute(() -> {
        try {
          busy.await();
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      });
      CompletableFuture<Void> cancelled = cache.put("k", 1L).toCompletableFuture();
      CompletableFuture<Void> kept = cache.put("j", 2L).toCompletableFuture();
      assertFalse(cancelled.isDone(), "the call returned while its executor was busy");
      assertTrue(cancelled.cancel(false));
      busy.countDown();
      kept.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      assertNull(await(cache.get("k")), "the cancelled put never ran");
      assertEquals(2L, await(cache.get("j")));
    } finally {
      busy.countDown();
      one.shutdownNow();
    }
  }
}
