package io.jcachestores;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A view of a {@link KeyValueCache} with String keys whose keys carry a namespace and its
 * current version, as async-caches' {@code version}: {@link #bumpVersion()} makes everything
 * written under the previous version invisible at once, without scanning or deleting anything.
 * Reach it with {@link KeyValueCache#versioned(String)}.
 *
 * <p>Key {@code k} of namespace {@code users} at version 3 is stored in the underlying cache as
 * {@code users:v3:k}, so the store's own tools show which version an entry belongs to; the view
 * owns the keys that begin with {@code <namespace>:v}. The version of every namespace is kept in
 * the store (cache {@value #VERSIONS_CACHE} of the same CacheManager, key
 * {@code <cache>/<namespace>}, a {@code Long} counter starting at 0), so every process sharing
 * the store sees a bump; each operation reads it (one point read) before its own.
 *
 * <p><b>How old entries leave.</b> A bump deletes nothing: entries of older versions stay in
 * the store until they expire (their time to live or the cache's expiry policy, then the purge
 * or the store's native TTL deletes them), until a bounded cache evicts them, or until the
 * underlying cache is cleared. Give a versioned namespace an expiry, or old versions accumulate.
 * An operation that read the version just before another process bumped it writes under the old
 * version: its entry is invisible afterwards, as if it had been written before the bump.
 *
 * <p>Each operation has the contract (events, statistics, atomicity) of the underlying cache's
 * operation of the same name, applied to the versioned key.
 *
 * @param <V> the type of values
 */
public interface VersionedCache<V> {

  /** The cache that holds every namespace's version. */
  String VERSIONS_CACHE = "jcache-stores.versions";

  /** Returns the namespace of this view. */
  String namespace();

  /** Returns the current version of the namespace (0 until it is first bumped). */
  long version();

  /**
   * Atomically (across processes) moves the namespace to the next version and returns it:
   * entries written under earlier versions are no longer seen by this view.
   */
  long bumpVersion();

  /** Returns the key under which {@code key} is stored at the current version. */
  String storedKey(String key);

  /** {@link javax.cache.Cache#get}. */
  V get(String key);

  /** {@link javax.cache.Cache#getAll}: the live values, by the view's keys. */
  Map<String, V> getAll(Set<String> keys);

  /** {@link javax.cache.Cache#put}. */
  void put(String key, V value);

  /** {@link ExpiringCache#put(Object, Object, Duration)}. */
  void put(String key, V value, Duration timeToLive);

  /** {@link KeyValueCache#putAll(Map, Duration)}. */
  void putAll(Map<String, ? extends V> map, Duration timeToLive);

  /** {@link KeyValueCache#add}. */
  boolean add(String key, V value, Duration timeToLive);

  /** {@link KeyValueCache#getOrCompute}; the loader receives the view's key. */
  V getOrCompute(String key, Function<String, ? extends V> loader, Duration timeToLive);

  /** {@link javax.cache.Cache#remove(Object)}. */
  boolean remove(String key);

  /** {@link javax.cache.Cache#removeAll(Set)}. */
  void removeAll(Set<String> keys);

  /** {@link KeyValueCache#touch}. */
  boolean touch(String key, Duration timeToLive);

  /** {@link KeyValueCache#increment}. */
  long increment(String key, long delta);

  /** {@link KeyValueCache#decrement}. */
  long decrement(String key, long delta);
}
