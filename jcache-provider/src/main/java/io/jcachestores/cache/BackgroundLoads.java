package io.jcachestores.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code loadAll} tasks of one cache running in the background, so that closing the cache
 * waits for them rather than closing its loader under them.
 */
final class BackgroundLoads {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoads.class);

  private final String cache;
  private final Set<CompletableFuture<Void>> running = ConcurrentHashMap.newKeySet();

  BackgroundLoads(String cache) {
    this.cache = cache;
  }

  /** Runs {@code task} on {@code executor}, remembered until it ends. */
  void start(Runnable task, Executor executor) {
    CompletableFuture<Void> load = CompletableFuture.runAsync(task, executor);
    running.add(load);
    load.whenComplete((ignored, failure) -> running.remove(load));
  }

  /** Waits at most {@code patience} for the tasks still running; logs if some did not end. */
  void await(Duration patience) {
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Cache '{}' closed while a loadAll was still running: {}", cache, e.toString());
    }
  }
}
