package io.jcachestores;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/** Helpers for working with caches of any JCache provider. */
public final class Caches {

  private Caches() {}

  /**
   * Returns cache {@code name} of {@code manager}, creating it with a {@link StoreConfiguration}
   * of the given types if it does not exist. A cache that another thread or process created
   * meanwhile (so that {@code createCache} refuses) is returned as found.
   *
   * @throws ClassCastException if the cache exists with other key or value types
   * @throws CacheException if it can be neither found nor created
   */
  public static <K, V> Cache<K, V> getOrCreate(CacheManager manager, String name,
      Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(manager, "manager");
    Cache<K, V> existing = manager.getCache(name, keyType, valueType);
    if (existing != null) {
      return existing;
    }
    try {
      return manager.createCache(name,
          new StoreConfiguration<K, V>().setTypes(keyType, valueType));
    } catch (CacheException raced) {
      Cache<K, V> created = manager.getCache(name, keyType, valueType);
      if (created == null) {
        throw raced;
      }
      return created;
    }
  }
}
