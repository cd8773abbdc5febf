package io.jcachestores.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a cache's operations for its asynchronous face: on a bounded pool of a CacheManager
 * (a fixed number of threads, which end when idle, and a bounded queue that refuses rather than
 * blocks), or on an executor the application gives. Never blocks the caller.
 */
final class AsyncExecutor {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Executor executor;
  private final String bound;

  private AsyncExecutor(Executor executor, String bound) {
    this.executor = executor;
    this.bound = bound;
  }

  /** Returns a bounded pool: {@code threads} at once, {@code queue} waiting. */
  static AsyncExecutor bounded(int threads, int queue) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue), r -> {
          Thread t = new Thread(r, "jcache-stores-async-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return new AsyncExecutor(pool, threads + " running and " + queue + " queued");
  }

  /** Returns an executor that runs on {@code executor}, whose bound is its owner's. */
  static AsyncExecutor on(Executor executor) {
    return new AsyncExecutor(executor, "the application's executor's bound");
  }

  /**
   * Returns a stage that completes with what {@code operation} returns or throws when it runs;
   * a stage cancelled (or otherwise completed) before then never runs it. If the executor refuses
   * the operation, the stage fails with a {@link RejectedExecutionException} naming
   * {@code cache}.
   */
  <T> CompletableFuture<T> submit(String cache, Supplier<T> operation) {
    CompletableFuture<T> stage = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        if (stage.isDone()) {
          return;
        }
        try {
          stage.complete(operation.get());
        } catch (Throwable t) {
          stage.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      stage.completeExceptionally(new RejectedExecutionException("Cache '" + cache
          + "': asynchronous operation refused, " + bound + " already (or the cache manager"
          + " is closed)", e));
    }
    return stage;
  }

  /** Stops the pool (if it is ours): queued operations still run, new ones are refused. */
  void shutdown() {
    if (executor instanceof ThreadPoolExecutor pool) {
      pool.shutdown();
    }
  }
}
