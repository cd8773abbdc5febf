package io.jcachestores.cache;

import io.jcachestores.AsyncKeyValueCache;
import io.jcachestores.KeyValueCache;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessor;

/**
 * The asynchronous face of a {@link StoreCache}: every operation is the synchronous one, run on
 * an {@link AsyncExecutor}, so that each rule stays written once. (The stores' asynchronous
 * drivers would have needed every operation written a second time, and SQLite has none.)
 */
final class AsyncStoreCache<K, V> implements AsyncKeyValueCache<K, V> {

  private final KeyValueCache<K, V> cache;
  private final AsyncExecutor executor;

  AsyncStoreCache(KeyValueCache<K, V> cache, AsyncExecutor executor) {
    this.cache = cache;
    this.executor = executor;
  }

  @Override
  public KeyValueCache<K, V> sync() {
    return cache;
  }

  private <T> CompletionStage<T> submit(Supplier<T> operation) {
    return executor.submit(cache.getName(), operation);
  }

  private CompletionStage<Void> run(Runnable operation) {
    return submit(() -> {
      operation.run();
      return null;
    });
  }

  @Override
  public CompletionStage<V> get(K key) {
    return submit(() -> cache.get(key));
  }

  @Override
  public CompletionStage<Map<K, V>> getAll(Set<? extends K> keys) {
    return submit(() -> cache.getAll(keys));
  }

  @Override
  public CompletionStage<Boolean> containsKey(K key) {
    return submit(() -> cache.containsKey(key));
  }

  @Override
  public CompletionStage<Void> put(K key, V value) {
    return run(() -> cache.put(key, value));
  }

  @Override
  public CompletionStage<Void> put(K key, V value, Duration timeToLive) {
    return run(() -> cache.put(key, value, timeToLive));
  }

  @Override
  public CompletionStage<V> getAndPut(K key, V value) {
    return submit(() -> cache.getAndPut(key, value));
  }

  @Override
  public CompletionStage<Void> putAll(Map<? extends K, ? extends V> map) {
    return run(() -> cache.putAll(map));
  }

  @Override
  public CompletionStage<Void> putAll(Map<? extends K, ? extends V> map, Duration timeToLive) {
    return run(() -> cache.putAll(map, timeToLive));
  }

  @Override
  public CompletionStage<Boolean> putIfAbsent(K key, V value) {
    return submit(() -> cache.putIfAbsent(key, value));
  }

  @Override
  public CompletionStage<Boolean> add(K key, V value, Duration timeToLive) {
    return submit(() -> cache.add(key, value, timeToLive));
  }

  @Override
  public CompletionStage<Boolean> remove(K key) {
    return submit(() -> cache.remove(key));
  }

  @Override
  public CompletionStage<Boolean> remove(K key, V oldValue) {
    return submit(() -> cache.remove(key, oldValue));
  }

  @Override
  public CompletionStage<V> getAndRemove(K key) {
    return submit(() -> cache.getAndRemove(key));
  }

  @Override
  public CompletionStage<Boolean> replace(K key, V value) {
    return submit(() -> cache.replace(key, value));
  }

  @Override
  public CompletionStage<Boolean> replace(K key, V oldValue, V newValue) {
    return submit(() -> cache.replace(key, oldValue, newValue));
  }

  @Override
  public CompletionStage<V> getAndReplace(K key, V value) {
    return submit(() -> cache.getAndReplace(key, value));
  }

  @Override
  public CompletionStage<Void> removeAll(Set<? extends K> keys) {
    return run(() -> cache.removeAll(keys));
  }

  @Override
  public CompletionStage<Void> clear() {
    return run(cache::clear);
  }

  @Override
  public CompletionStage<Boolean> compareAndSet(K key, V expected, V replacement, Duration timeToLive) {
    return submit(() -> cache.compareAndSet(key, expected, replacement, timeToLive));
  }

  @Override
  public CompletionStage<V> getOrCompute(K key, Function<? super K, ? extends V> loader, Duration timeToLive) {
    return submit(() -> cache.getOrCompute(key, loader, timeToLive));
  }

  @Override
  public CompletionStage<Boolean> touch(K key, Duration timeToLive) {
    return submit(() -> cache.touch(key, timeToLive));
  }

  @Override
  public CompletionStage<Long> increment(K key, long delta) {
    return submit(() -> cache.increment(key, delta));
  }

  @Override
  public CompletionStage<Long> decrement(K key, long delta) {
    return submit(() -> cache.decrement(key, delta));
  }

  @Override
  public <T> CompletionStage<T> invoke(K key, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    return submit(() -> cache.invoke(key, entryProcessor, arguments));
  }
}
