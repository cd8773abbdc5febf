package io.jcachestores.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs at most one computation at a time per key in this process: a caller that finds another
 * caller's computation of its key running waits for it and shares its outcome, value or
 * exception. Processes do not see each other's computations; what they store decides between
 * them (see {@code KeyValueCache#getOrCompute}).
 *
 * @param <K> the type of keys
 * @param <V> the type of results
 */
final class SingleFlight<K, V> {

  private final Map<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

  /**
   * Returns what {@code computation} returns for {@code key}, computed by this caller, or by the
   * caller already computing it (whose exception is then rethrown here).
   */
  V run(K key, Supplier<V> computation) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> other = running.putIfAbsent(key, mine);
    if (other != null) {
      return await(other);
    }
    try {
      V result = computation.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private static <V> V await(CompletableFuture<V> other) {
    try {
      return other.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
