package io.jcachestores;

import java.time.Duration;
import javax.cache.Cache;

/**
 * What a cache of jcache-stores offers beyond JCache: writes that give one entry its own time to
 * live, a compare-and-set that compares values by content, and a read that may share the value it
 * returns. Every cache of this provider implements it; reach it with
 * {@code cache.unwrap(ExpiringCache.class)}, which throws {@link IllegalArgumentException} on
 * another provider's cache.
 *
 * <p>These operations follow the rules of their JCache counterparts: read- and write-through,
 * listeners and statistics apply as for {@link #put(Object, Object)},
 * {@link #invoke(Object, javax.cache.processor.EntryProcessor, Object...)} and
 * {@link #get(Object)}, and the writes are atomic across every process that shares the store. A time to live replaces what the cache's expiry
 * policy would decide for that write; the policy is not asked. A zero time to live makes the
 * entry expire at once, as a policy's zero duration does.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface ExpiringCache<K, V> extends Cache<K, V> {

  /**
   * Puts like {@link #put(Object, Object)}, but the entry expires {@code timeToLive} after now.
   *
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  void put(K key, V value, Duration timeToLive);

  /**
   * Atomically replaces the value of {@code key} with {@code replacement} if the live value
   * equals {@code expected} by content (arrays such as {@code byte[]} element by element, also
   * inside maps and lists, other values with {@code equals}), unlike {@link #replace(Object, Object, Object)}, which compares
   * a {@code byte[]} by identity.
   *
   * @param expected the value the entry must hold, or null if there must be no live entry
   * @param replacement the new value, or null to remove the entry
   * @param timeToLive how long the replacement lives, or null for what the expiry policy says
   * @return whether the live value was {@code expected} (and so was replaced or removed)
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  boolean compareAndSet(K key, V expected, V replacement, Duration timeToLive);

  /**
   * Gets like {@link #get(Object)} (read-through, access expiry, statistics and events alike),
   * but a structured value, a map or list, may be an unmodifiable tree that other callers of this
   * method are handed too, instead of a copy of its own: reading the same stored value again then
   * costs neither parsing nor copying, and returns the same instance while it is remembered.
   * Changing such a tree throws {@link UnsupportedOperationException}; a tree that holds a
   * {@code byte[]}, and every other kind of value, is a copy of the caller's own, as from
   * {@code get}. For readers that only read what they get, such as an HTTP cache's storage.
   *
   * @throws NullPointerException if key is null
   */
  V getShared(K key);
}
