package io.jcachestores;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The key-value operations of async-caches and memcached on a JCache cache: writes with their
 * own time to live, {@code add}, get-or-compute, {@code touch} and atomic counters. Every cache
 * of jcache-stores implements it; reach it with {@code cache.unwrap(KeyValueCache.class)}, which
 * throws {@link IllegalArgumentException} on another provider's cache.
 *
 * <p>Each operation follows the rules of its JCache counterpart, named in its documentation:
 * read- and write-through, the events listeners receive, statistics, and atomicity across every
 * thread and process that shares the store. Where an operation takes a time to live, it replaces
 * what the cache's expiry policy would decide for that write, and the policy is not asked; a
 * null time to live leaves the decision to the policy, as the JCache counterpart does. A zero
 * time to live makes the entry expire at once (nothing is stored, as for a policy's zero
 * duration). A time to live too long for the clock (such as
 * {@code ChronoUnit.FOREVER.getDuration()}) means never.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface KeyValueCache<K, V> extends ExpiringCache<K, V> {

  /**
   * Puts every entry, like {@link #putAll(Map)} (one round trip for the writes, write-through
   * with {@code writeAll}, CREATED or UPDATED events, one put counted per entry stored), each
   * expiring {@code timeToLive} after now.
   *
   * @param timeToLive how long the entries live, or null for what the expiry policy says
   * @throws NullPointerException if map, or a key or value in it, is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  void putAll(Map<? extends K, ? extends V> map, Duration timeToLive);

  /**
   * Stores {@code value} only if {@code key} has no live entry, like
   * {@link #putIfAbsent(Object, Object)} (a hit or a miss, and a put when it stores, in
   * statistics; a CREATED event; write-through), atomically across processes: of several
   * processes adding one key at the same time, exactly one returns true.
   *
   * @param timeToLive how long the entry lives, or null for what the expiry policy says
   * @return whether the value was added
   * @throws NullPointerException if key or value is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  boolean add(K key, V value, Duration timeToLive);

  /**
   * Returns the live value of {@code key}; if there is none, computes one with {@code loader},
   * stores it unless another writer stored a value meanwhile, and returns the value the cache
   * then holds.
   *
   * <p>What is guaranteed: within one process the loader runs at most once at a time per key
   * (concurrent callers wait for that run and return its outcome; an exception it throws is
   * theirs too). Across processes the loader may run once in each process that misses at the
   * same time, but only the first value stored wins: the store step is atomic like
   * {@link #putIfAbsent}, and every caller returns the value that won, never its own discarded
   * one. The loader runs outside the store's atomic step, so a slow loader holds no lock.
   * The read-through {@code CacheLoader} is not used.
   *
   * <p>Statistics count the read as a hit or a miss, and a put when the computed value is
   * stored; a stored value raises CREATED and is written through.
   *
   * @param loader computes the value from the key; null means nothing is stored and null returned
   * @param timeToLive how long a stored value lives, or null for what the expiry policy says
   * @throws NullPointerException if key or loader is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  V getOrCompute(K key, Function<? super K, ? extends V> loader, Duration timeToLive);

  /**
   * Sets the entry of {@code key} to expire {@code timeToLive} after now, keeping its value,
   * if it has a live entry: atomic across processes, one round trip where the store allows
   * (MongoDB, DynamoDB). A touched entry outlives its old expiry. JCache has no counterpart:
   * touching raises no event, counts nothing in statistics, does not read or decode the value
   * and calls no writer.
   *
   * @return whether there was a live entry
   * @throws NullPointerException if key or timeToLive is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  boolean touch(K key, Duration timeToLive);

  /**
   * Atomically adds {@code delta} to the {@link Long} value of {@code key}, across processes,
   * and returns the sum; an absent (or expired) key starts from 0, so the first call returns
   * {@code delta}. The value is stored in the store's readable number form, so {@link #get}
   * returns a {@code Long} and the store's own tools show a number.
   *
   * <p>It is an update of the entry: an UPDATED event (CREATED for a new counter), one put in
   * statistics, no read counted; the expiry policy's creation or update expiry applies.
   *
   * <p>A live counter is updated in one store round trip (MongoDB {@code findOneAndUpdate} with
   * {@code $inc}, DynamoDB {@code UpdateItem} with {@code ADD}; on SQLite, one
   * {@code BEGIN IMMEDIATE} transaction); creating it is a compare-and-set. The slower atomic
   * read-modify-write ({@link #invoke}'s) is used instead when the cache has write-through (the
   * writer must see the new value inside the atomic step), signs values ({@code secretKey}: a
   * signed value has no readable form) or has an expiry policy that is not one of JCache's
   * standard ones (each JCache operation asks it once, so a custom policy must see only the
   * question its outcome calls for). A stored value that cannot be decoded counts as absent
   * (as for every read).
   *
   * @return the value after the addition
   * @throws NullPointerException if key is null
   * @throws ClassCastException if the cache's value type cannot hold a {@code Long}, or the live
   *     value is not a {@code Long}; the entry is left as it was
   * @throws ArithmeticException if the sum overflows a {@code long}; the entry is left as it was
   */
  long increment(K key, long delta);

  /**
   * Atomically subtracts {@code delta} from the {@link Long} value of {@code key}: the same as
   * {@link #increment increment(key, -delta)}.
   *
   * @throws ArithmeticException if {@code delta} is {@link Long#MIN_VALUE} or the result
   *     overflows
   */
  long decrement(K key, long delta);

  /**
   * Returns the asynchronous face of this cache, whose operations run on the CacheManager's
   * bounded executor (see {@link AsyncKeyValueCache} for back-pressure and cancellation).
   */
  AsyncKeyValueCache<K, V> async();

  /**
   * Returns the asynchronous face of this cache running its operations on {@code executor},
   * whose bound and threads are the caller's; a task it rejects fails its stage.
   */
  AsyncKeyValueCache<K, V> async(Executor executor);

  /**
   * Returns the view of this cache under {@code namespace} whose keys carry the namespace's
   * version (see {@link VersionedCache}).
   *
   * @throws NullPointerException if namespace is null
   * @throws IllegalArgumentException if namespace is empty or contains ':'
   * @throws ClassCastException if this cache's keys cannot be Strings
   */
  VersionedCache<V> versioned(String namespace);
}
