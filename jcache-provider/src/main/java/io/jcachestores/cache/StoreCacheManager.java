package io.jcachestores.cache;

import io.jcachestores.StoreConfiguration;
import io.jcachestores.codec.Codec;
import io.jcachestores.codec.SerialFilter;
import io.jcachestores.codec.Signer;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCache {@link CacheManager} whose caches live in one {@link Storage}.
 *
 * <p>Caches persist: {@link #getCacheNames()} lists every cache in the storage, including those
 * created by an earlier run or another process, and {@link #getCache(String)} reopens them with
 * their remembered configuration (types, standard expiry policy, statistics and management flags).
 * {@link #createCache} of a cache that exists in the storage but is not open in this manager
 * opens it with the new configuration, keeping its entries; entries whose types no longer match
 * read as misses. {@link #destroyCache} deletes a cache and its entries; {@link #close()} keeps
 * them.
 */
public final class StoreCacheManager implements CacheManager {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCacheManager.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final CachingProvider provider;
  private final Consumer<StoreCacheManager> onClose;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final Storage storage;
  private final Settings settings;
  private final Map<String, StoreCache<?, ?>> caches = new HashMap<>();
  private final ExecutorService executor;
  private final ScheduledExecutorService purger;
  private volatile boolean closed;

  /**
   * The options a manager applies to all its caches.
   *
   * @param allowedClasses class patterns every cache may deserialize
   * @param signer the signer of stored values, or null
   * @param purgeIntervalMillis how often expired entries are purged; 0 never
   * @param pageSize how many entries iteration reads per round trip
   */
  public record Settings(List<String> allowedClasses, Signer signer, long purgeIntervalMillis,
      int pageSize) {}

  /**
   * Creates a manager; called by the caching provider.
   *
   * @param onClose told when the manager closes, so that the provider forgets it
   */
  public StoreCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, Storage storage, Settings settings,
      Consumer<StoreCacheManager> onClose) {
    this.provider = provider;
    this.onClose = onClose;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.storage = storage;
    this.settings = settings;
    this.executor = Executors.newCachedThreadPool(daemon("jcache-stores-events"));
    if (settings.purgeIntervalMillis() > 0) {
      purger = Executors.newSingleThreadScheduledExecutor(daemon("jcache-stores-purge"));
      purger.scheduleWithFixedDelay(this::purge, settings.purgeIntervalMillis(),
          settings.purgeIntervalMillis(), TimeUnit.MILLISECONDS);
    } else {
      purger = null;
    }
  }

  private static ThreadFactory daemon(String prefix) {
    return r -> {
      Thread t = new Thread(r, prefix + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void purge() {
    try {
      long n = storage.purgeExpired(System.currentTimeMillis());
      LOG.debug("Purged {} expired entries from {}", n, storage.describe());
    } catch (RuntimeException e) {
      LOG.warn("Purging expired entries from {} failed", storage.describe(), e);
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  /** Returns the URI this manager was asked for. */
  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    if (!configuration.isStoreByValue()) {
      throw new UnsupportedOperationException("Cache '" + cacheName + "': jcache-stores always "
          + "stores by value (STORE_BY_REFERENCE is not supported)");
    }
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("A cache named '" + cacheName + "' already exists");
      }
      return open(cacheName, copy(configuration));
    }
  }

  private static <K, V> StoreConfiguration<K, V> copy(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new StoreConfiguration<>(complete);
    }
    StoreConfiguration<K, V> config = new StoreConfiguration<>();
    config.setTypes(configuration.getKeyType(), configuration.getValueType());
    return config;
  }

  /** Opens a cache in the storage and in this manager; caller holds the lock on caches. */
  private <K, V> StoreCache<K, V> open(String name, StoreConfiguration<K, V> configuration) {
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    List<String> allowed = new ArrayList<>(settings.allowedClasses());
    allowed.addAll(configuration.getAllowedClasses());
    Codec codec = new Codec(name, classLoader,
        SerialFilter.allowing(List.of(configuration.getKeyType(), configuration.getValueType()),
            allowed),
        settings.signer());
    Store store = storage.open(name, CacheDescriptor.encode(configuration, policy));
    StoreCache<K, V> cache = new StoreCache<>(this, name, configuration, policy, store, codec,
        executor, settings.pageSize());
    caches.put(name, cache);
    return cache;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Cache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<K, V> config = cache.getConfiguration(CompleteConfiguration.class);
    if (!config.getKeyType().equals(keyType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has keys of "
          + config.getKeyType().getName() + ", not " + keyType.getName());
    }
    if (!config.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has values of "
          + config.getValueType().getName() + ", not " + valueType.getName());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    synchronized (caches) {
      StoreCache<?, ?> cache = caches.get(cacheName);
      if (cache != null) {
        return (Cache<K, V>) cache;
      }
      String descriptor = storage.descriptor(cacheName);
      if (descriptor == null) {
        return null;
      }
      return (Cache<K, V>) open(cacheName,
          CacheDescriptor.decode(cacheName, descriptor, classLoader));
    }
  }

  /** Returns the caches open in this manager and every other cache in the storage. */
  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    Set<String> names = new TreeSet<>(storage.cacheNames());
    synchronized (caches) {
      names.addAll(caches.keySet());
    }
    return Collections.unmodifiableSet(names);
  }

  /** Closes cache {@code cacheName} if open and deletes it and its entries from the storage. */
  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StoreCache<?, ?> cache;
    synchronized (caches) {
      cache = caches.get(cacheName);
    }
    if (cache != null) {
      cache.close();
    }
    storage.destroy(cacheName);
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StoreCache<?, ?> cache = (StoreCache<?, ?>) getCache(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StoreCache<?, ?> cache = (StoreCache<?, ?>) getCache(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Forgets a cache that closed itself. */
  void release(StoreCache<?, ?> cache) {
    synchronized (caches) {
      caches.remove(cache.getName(), cache);
    }
  }

  /** Closes every open cache and the storage; stored entries stay. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<StoreCache<?, ?>> open;
    synchronized (caches) {
      open = new ArrayList<>(caches.values());
    }
    for (StoreCache<?, ?> cache : open) {
      cache.close();
    }
    if (purger != null) {
      purger.shutdownNow();
    }
    executor.shutdown();
    storage.close();
    onClose.accept(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a CacheManager to " + clazz);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed");
    }
  }
}
