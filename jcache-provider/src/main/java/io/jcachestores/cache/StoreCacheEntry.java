package io.jcachestores.cache;

import javax.cache.Cache;

/**
 * An entry as iteration and write-through hand it out: a key and a value, both copies of what is
 * stored.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StoreCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  StoreCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  /** Returns the key. */
  @Override
  public K getKey() {
    return key;
  }

  /** Returns the value. */
  @Override
  public V getValue() {
    return value;
  }

  /** Returns this entry if it is an instance of {@code clazz}. */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
