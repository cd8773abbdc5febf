package io.jcachestores;

import java.time.Duration;
import javax.cache.processor.MutableEntry;

/**
 * A {@link MutableEntry} whose new value can carry its own time to live, instead of the one the
 * cache's expiry policy would give. Inside {@link javax.cache.Cache#invoke} on a cache of
 * jcache-stores, reach it with {@code entry.unwrap(ExpiringEntry.class)}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface ExpiringEntry<K, V> extends MutableEntry<K, V> {

  /**
   * Sets the value, as {@link #setValue}, expiring {@code timeToLive} after the operation.
   *
   * @throws NullPointerException if value or timeToLive is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  void setValue(V value, Duration timeToLive);
}
