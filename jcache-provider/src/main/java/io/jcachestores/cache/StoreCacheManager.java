package io.jcachestores.cache;

import io.jcachestores.AsyncKeyValueCache;
import io.jcachestores.Serializer;
import io.jcachestores.StoreConfiguration;
import io.jcachestores.codec.Codec;
import io.jcachestores.codec.SerialFilter;
import io.jcachestores.codec.Signer;
import io.jcachestores.codec.Wtf8;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import java.net.URI;
import java.time.Clock;
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
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCache {@link CacheManager} whose caches live in one {@link Storage}.
 *
 * <p>Caches persist: {@link #getCacheNames()} lists every cache in the storage, including those
 * created by an earlier run or another process, and {@link #getCache(String)} reopens them with
 * their remembered configuration (types, standard expiry policy, statistics and management flags),
 * which is untrusted: see {@link #getCache(String)} for what a reopened cache may deserialize.
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
  /** Runs the operations of the caches' asynchronous faces; threads start on first use. */
  private final AsyncExecutor async = AsyncExecutor.bounded(AsyncKeyValueCache.DEFAULT_THREADS,
      AsyncKeyValueCache.DEFAULT_QUEUE);
  private volatile boolean closed;

  /**
   * The options a manager applies to all its caches.
   *
   * @param allowedClasses class patterns every cache may deserialize
   * @param signer the signer of stored values, or null
   * @param purgeIntervalMillis how often expired entries are purged; 0 never
   * @param pageSize how many entries iteration reads per round trip
   * @param clock the time that decides expiry and purging
   * @param statistics whether every cache has statistics on, whatever its configuration says
   * @param management whether every cache has management on, whatever its configuration says
   * @param jsonValues whether caches with a declared value type store their values as JSON
   *     documents unless their configuration names a serializer
   * @param maxEntries the bound on entries of every cache that sets none itself; 0 unbounded
   * @param maxBytes the bound on bytes of every cache that sets none itself; 0 unbounded
   */
  public record Settings(List<String> allowedClasses, Signer signer, long purgeIntervalMillis,
      int pageSize, Clock clock, boolean statistics, boolean management, boolean jsonValues,
      long maxEntries, long maxBytes) {}

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
      long n = storage.purgeExpired(settings.clock().millis());
      LOG.debug("Purged {} expired entries from {}", n, storage.describe());
    } catch (RuntimeException e) {
      LOG.warn("Purging expired entries from {} failed", storage.describe(), e);
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  /**
   * Returns the URI that identifies this manager: the URI asked for without its query, which
   * holds options (see {@link io.jcachestores.StoreCachingProvider}).
   */
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

  /**
   * Creates cache {@code cacheName}, or opens the stored cache of that name with
   * {@code configuration}.
   *
   * @throws IllegalArgumentException if the name has an unpaired surrogate character, which
   *     the stores cannot hold exactly (two such names could become one cache)
   * @throws UnsupportedOperationException if the configuration asks to store by reference
   */
  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    if (!Wtf8.isWellFormed(cacheName)) {
      throw new IllegalArgumentException("Cache name '" + cacheName + "' has an unpaired "
          + "surrogate character, which the stores cannot hold exactly");
    }
    if (!configuration.isStoreByValue()) {
      throw new UnsupportedOperationException("Cache '" + cacheName + "': jcache-stores always "
          + "stores by value (STORE_BY_REFERENCE is not supported)");
    }
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("A cache named '" + cacheName + "' already exists");
      }
      StoreConfiguration<K, V> config = copy(configuration);
      String descriptor = DescriptorSignature.sign(settings.signer(), cacheName,
          CacheDescriptor.encode(config, config.getExpiryPolicyFactory().create()));
      return open(cacheName, config,
          List.of(config.getKeyType(), config.getValueType()), descriptor);
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

  /**
   * Opens a cache in the storage and in this manager; caller holds the lock on caches.
   *
   * @param allowedTypes the key and value types that may be deserialized: those the application
   *     declared, never types read from the store
   * @param descriptor the descriptor to store
   */
  private <K, V> StoreCache<K, V> open(String name, StoreConfiguration<K, V> configuration,
      List<Class<?>> allowedTypes, String descriptor) {
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    List<String> allowed = new ArrayList<>(settings.allowedClasses());
    allowed.addAll(configuration.getAllowedClasses());
    Serializer<V> serializer = serializer(configuration);
    Codec codec = new Codec(name, classLoader, SerialFilter.allowing(allowedTypes, allowed),
        settings.signer(), serializer == null);
    Budget budget = Budget.of(configuration.getMaxEntries().orElse(settings.maxEntries()),
        configuration.getMaxBytes().orElse(settings.maxBytes()));
    Statistics statistics = new Statistics();
    Store store;
    try {
      store = storage.open(name, descriptor, budget, statistics::evictions);
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedOperationException("Cache '" + name + "' cannot be bounded to "
          + budget.maxEntries() + " entries and " + budget.maxBytes() + " bytes: "
          + e.getMessage(), e);
    }
    StoreCache<K, V> cache = new StoreCache<>(this, name, configuration, policy, store, codec,
        serializer, executor, settings.pageSize(), settings.clock(), budget, statistics);
    if (settings.statistics()) {
      cache.setStatisticsEnabled(true);
    }
    if (settings.management()) {
      cache.setManagementEnabled(true);
    }
    caches.put(name, cache);
    return cache;
  }

  /** Returns the serializer of a cache's values: its own, the manager's JSON, or null (codec). */
  private <K, V> Serializer<V> serializer(StoreConfiguration<K, V> configuration) {
    if (configuration.getSerializer() != null) {
      return configuration.getSerializer();
    }
    Class<V> type = configuration.getValueType();
    return settings.jsonValues() && type != Object.class ? Serializer.json(type) : null;
  }

  /**
   * Returns cache {@code cacheName}, reopening it from the storage if it is not open; the
   * declared {@code keyType} and {@code valueType} may then be deserialized (see
   * {@link #getCache(String)}).
   *
   * @throws ClassCastException if the cache's types are not exactly these
   */
  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    return lookUp(cacheName, keyType, valueType);
  }

  /**
   * Returns cache {@code cacheName}, reopening it from the storage if it is not open.
   *
   * <p>The stored descriptor is untrusted: anyone with write access to the store may have written
   * it. A reopened cache therefore takes its key and value types from it only to check what it
   * reads and writes; what may be deserialized comes from the application alone: the manager's
   * {@code allow} option and the JDK value types, plus the types an application declares through
   * {@link #getCache(String, Class, Class)}. Only with a {@code secretKey}, and only when the
   * descriptor carries a valid signature (it was written by {@link #createCache} of a manager
   * with the same secret key), are its types and {@code allowClasses} trusted as the creator's
   * configuration was.
   */
  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    return lookUp(cacheName, null, null);
  }

  /**
   * Returns a cache, checking its types against {@code keyType} and {@code valueType}, which the
   * application declared, unless they are null; a reopened cache may deserialize those only.
   */
  @SuppressWarnings("unchecked")
  private <K, V> Cache<K, V> lookUp(String cacheName, Class<?> keyType, Class<?> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    synchronized (caches) {
      StoreCache<?, ?> cache = caches.get(cacheName);
      if (cache == null) {
        String descriptor = storage.descriptor(cacheName);
        if (descriptor == null) {
          return null;
        }
        boolean trusted = DescriptorSignature.isValid(settings.signer(), cacheName, descriptor);
        if (!trusted && settings.signer() != null) {
          LOG.warn("Cache '{}' in {}: its stored configuration is not signed with this manager's "
              + "secret key; its types only check entries and its allowlist is ignored "
              + "(createCache stores a signed configuration)",
              cacheName, storage.describe());
        }
        StoreConfiguration<Object, Object> config =
            CacheDescriptor.decode(cacheName, descriptor, classLoader);
        if (!trusted) {
          StoreConfiguration<Object, Object> untrusted =
              new StoreConfiguration<>(new MutableConfiguration<>(config));  // drop allowClasses
          // bounds widen nothing: whoever can write the descriptor can delete entries anyway
          config.getMaxEntries().ifPresent(untrusted::setMaxEntries);
          config.getMaxBytes().ifPresent(untrusted::setMaxBytes);
          config = untrusted;
        }
        requireTypes(cacheName, config, keyType, valueType);
        List<Class<?>> allowedTypes = trusted ? List.of(config.getKeyType(), config.getValueType())
            : keyType == null ? List.of() : List.of(keyType, valueType);
        return (Cache<K, V>) open(cacheName, config, allowedTypes, descriptor);
      }
      requireTypes(cacheName, cache.getConfiguration(CompleteConfiguration.class), keyType,
          valueType);
      return (Cache<K, V>) cache;
    }
  }

  /** Checks the types asked for, if any (null: none asked for). */
  private static void requireTypes(String cacheName, CompleteConfiguration<?, ?> config,
      Class<?> keyType, Class<?> valueType) {
    if (keyType == null) {
      return;
    }
    if (!config.getKeyType().equals(keyType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has keys of "
          + config.getKeyType().getName() + ", not " + keyType.getName());
    }
    if (!config.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache '" + cacheName + "' has values of "
          + config.getValueType().getName() + ", not " + valueType.getName());
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
    async.shutdown();
    storage.close();
    onClose.accept(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Returns the bounded executor of the caches' asynchronous faces. */
  AsyncExecutor asyncExecutor() {
    return async;
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
