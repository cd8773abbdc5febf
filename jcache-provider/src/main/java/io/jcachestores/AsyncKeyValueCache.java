package io.jcachestores;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;

/**
 * The operations of a {@link KeyValueCache}, JCache's included, returning a
 * {@link CompletionStage} instead of blocking: reach it with {@link KeyValueCache#async()}.
 *
 * <p>Each operation is the synchronous one of the same name (same contract, events, statistics,
 * atomicity), run on a bounded executor: a call only enqueues it and returns at once, whatever
 * the store does. Every failure, a refused argument included, completes the stage exceptionally
 * with what the synchronous operation would have thrown; nothing is thrown to the caller.
 *
 * <p><b>Back-pressure.</b> The default executor (one per CacheManager, shared by its caches) runs
 * up to {@value #DEFAULT_THREADS} operations at once and queues up to {@value #DEFAULT_QUEUE}
 * more. An operation beyond that is not queued: its stage fails at once with a
 * {@link java.util.concurrent.RejectedExecutionException} naming the cache and the bound, so a
 * caller that outruns the store finds out instead of filling the heap or blocking. With
 * {@link KeyValueCache#async(java.util.concurrent.Executor)} the bound is that executor's
 * (its rejections fail the stage the same way).
 *
 * <p><b>Cancellation.</b> Cancelling a returned stage ({@code toCompletableFuture().cancel(..)})
 * before its operation starts means it never runs. Once started, an operation runs to its end
 * (a store round trip is not interruptible, and a write may already be committed); the stage
 * stays cancelled and its result is dropped.
 *
 * <p><b>Threads.</b> Stages complete on the executor's threads, so dependent actions attached
 * with {@code thenApply}, {@code thenAccept}... run there too: keep them short, or attach them
 * with the {@code ...Async(fn, executor)} variants. Operations submitted by one thread may run
 * in any order; chain stages to order them.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface AsyncKeyValueCache<K, V> {

  /** How many operations the default executor runs at once. */
  int DEFAULT_THREADS = 32;
  /** How many operations the default executor queues beyond those it runs. */
  int DEFAULT_QUEUE = 4096;

  /** Returns the synchronous cache these operations run on. */
  KeyValueCache<K, V> sync();

  /** {@link javax.cache.Cache#get}: the value, or null on a miss. */
  CompletionStage<V> get(K key);

  /** {@link javax.cache.Cache#getAll}. */
  CompletionStage<Map<K, V>> getAll(Set<? extends K> keys);

  /** {@link javax.cache.Cache#containsKey}. */
  CompletionStage<Boolean> containsKey(K key);

  /** {@link javax.cache.Cache#put}. */
  CompletionStage<Void> put(K key, V value);

  /** {@link ExpiringCache#put(Object, Object, Duration)}. */
  CompletionStage<Void> put(K key, V value, Duration timeToLive);

  /** {@link javax.cache.Cache#getAndPut}. */
  CompletionStage<V> getAndPut(K key, V value);

  /** {@link javax.cache.Cache#putAll}. */
  CompletionStage<Void> putAll(Map<? extends K, ? extends V> map);

  /** {@link KeyValueCache#putAll(Map, Duration)}. */
  CompletionStage<Void> putAll(Map<? extends K, ? extends V> map, Duration timeToLive);

  /** {@link javax.cache.Cache#putIfAbsent}. */
  CompletionStage<Boolean> putIfAbsent(K key, V value);

  /** {@link KeyValueCache#add}. */
  CompletionStage<Boolean> add(K key, V value, Duration timeToLive);

  /** {@link javax.cache.Cache#remove(Object)}. */
  CompletionStage<Boolean> remove(K key);

  /** {@link javax.cache.Cache#remove(Object, Object)}. */
  CompletionStage<Boolean> remove(K key, V oldValue);

  /** {@link javax.cache.Cache#getAndRemove}. */
  CompletionStage<V> getAndRemove(K key);

  /** {@link javax.cache.Cache#replace(Object, Object)}. */
  CompletionStage<Boolean> replace(K key, V value);

  /** {@link javax.cache.Cache#replace(Object, Object, Object)}. */
  CompletionStage<Boolean> replace(K key, V oldValue, V newValue);

  /** {@link javax.cache.Cache#getAndReplace}. */
  CompletionStage<V> getAndReplace(K key, V value);

  /** {@link javax.cache.Cache#removeAll(Set)}. */
  CompletionStage<Void> removeAll(Set<? extends K> keys);

  /** {@link javax.cache.Cache#clear}. */
  CompletionStage<Void> clear();

  /** {@link javax.cache.Cache#invoke}. */
  <T> CompletionStage<T> invoke(K key, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments);

  /** {@link ExpiringCache#compareAndSet}. */
  CompletionStage<Boolean> compareAndSet(K key, V expected, V replacement, Duration timeToLive);

  /**
   * {@link KeyValueCache#getOrCompute}: the loader runs on the executor's thread, so a slow
   * loader holds one of its threads.
   */
  CompletionStage<V> getOrCompute(K key, Function<? super K, ? extends V> loader,
      Duration timeToLive);

  /** {@link KeyValueCache#touch}. */
  CompletionStage<Boolean> touch(K key, Duration timeToLive);

  /** {@link KeyValueCache#increment}. */
  CompletionStage<Long> increment(K key, long delta);

  /** {@link KeyValueCache#decrement}. */
  CompletionStage<Long> decrement(K key, long delta);
}
