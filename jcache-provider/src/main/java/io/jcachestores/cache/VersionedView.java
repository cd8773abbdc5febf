package io.jcachestores.cache;

import io.jcachestores.Caches;
import io.jcachestores.KeyValueCache;
import io.jcachestores.VersionedCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link VersionedCache} over a cache with String keys: it maps each key to
 * {@code <namespace>:v<version>:<key>} and keeps the version as a counter in
 * {@link VersionedCache#VERSIONS_CACHE}.
 */
final class VersionedView<V> implements VersionedCache<V> {

  private final KeyValueCache<String, V> cache;
  private final KeyValueCache<String, Long> versions;
  private final String namespace;
  private final String versionKey;

  @SuppressWarnings("unchecked")
  VersionedView(KeyValueCache<String, V> cache, String namespace) {
    this.cache = cache;
    this.namespace = namespace;
    this.versionKey = cache.getName() + "/" + namespace;
    this.versions = Caches.getOrCreate(cache.getCacheManager(), VERSIONS_CACHE, String.class,
        Long.class).unwrap(KeyValueCache.class);
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public long version() {
    Long v = versions.get(versionKey);
    return v == null ? 0 : v;
  }

  @Override
  public long bumpVersion() {
    return versions.increment(versionKey, 1);
  }

  @Override
  public String storedKey(String key) {
    return prefix() + key;
  }

  private String prefix() {
    return namespace + ":v" + version() + ":";
  }

  /** Returns the stored keys of {@code keys} at one version, each mapped to its view key. */
  private Map<String, String> storedKeys(Set<String> keys) {
    String prefix = prefix();
    Map<String, String> stored = new LinkedHashMap<>();
    for (String key : keys) {
      stored.put(prefix + key, key);
    }
    return stored;
  }

  @Override
  public V get(String key) {
    return cache.get(storedKey(key));
  }

  @Override
  public Map<String, V> getAll(Set<String> keys) {
    Map<String, String> stored = storedKeys(keys);
    Map<String, V> result = new HashMap<>();
    cache.getAll(stored.keySet()).forEach((k, v) -> result.put(stored.get(k), v));
    return result;
  }

  @Override
  public void put(String key, V value) {
    cache.put(storedKey(key), value);
  }

  @Override
  public void put(String key, V value, Duration timeToLive) {
    cache.put(storedKey(key), value, timeToLive);
  }

  @Override
  public void putAll(Map<String, ? extends V> map, Duration timeToLive) {
    String prefix = prefix();
    Map<String, V> stored = new LinkedHashMap<>();
    map.forEach((k, v) -> stored.put(prefix + k, v));
    cache.putAll(stored, timeToLive);
  }

  @Override
  public boolean add(String key, V value, Duration timeToLive) {
    return cache.add(storedKey(key), value, timeToLive);
  }

  @Override
  public V getOrCompute(String key, Function<String, ? extends V> loader, Duration timeToLive) {
    return cache.getOrCompute(storedKey(key), stored -> loader.apply(key), timeToLive);
  }

  @Override
  public boolean remove(String key) {
    return cache.remove(storedKey(key));
  }

  @Override
  public void removeAll(Set<String> keys) {
    cache.removeAll(new LinkedHashSet<>(storedKeys(keys).keySet()));
  }

  @Override
  public boolean touch(String key, Duration timeToLive) {
    return cache.touch(storedKey(key), timeToLive);
  }

  @Override
  public long increment(String key, long delta) {
    return cache.increment(storedKey(key), delta);
  }

  @Override
  public long decrement(String key, long delta) {
    return cache.decrement(storedKey(key), delta);
  }
}
