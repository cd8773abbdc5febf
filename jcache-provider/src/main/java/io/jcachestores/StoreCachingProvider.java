package io.jcachestores;

import io.jcachestores.cache.StoreCacheManager;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache provider of jcache-stores: caches that persist in SQLite (the embedded default),
 * MongoDB or DynamoDB, chosen by the CacheManager URI.
 *
 * <ul>
 *   <li>{@code sqlite:/var/cache/app.db}, {@code sqlite:cache.db} (relative to the working
 *       directory): a SQLite file, created with its parent folders on first use;
 *   <li>{@code mongodb://host/db}, {@code mongodb+srv://cluster.example.net/db}: a MongoDB
 *       database (default {@code jcache}), one collection per cache; needs the optional
 *       dependency {@code org.mongodb:mongodb-driver-sync} (see
 *       {@link io.jcachestores.store.mongo.MongoStoreFactory});
 *   <li>{@code dynamodb:table?region=eu-west-1}: a DynamoDB table shared by all caches of the
 *       manager, one namespace per cache; needs the optional dependencies
 *       {@code software.amazon.awssdk:dynamodb} and {@code url-connection-client} (see
 *       {@link io.jcachestores.store.dynamodb.DynamoStoreFactory});
 *   <li>{@code file:}, {@code jar:} or {@code classpath:} URIs: a configuration file naming the
 *       store ({@code uri=...}) and its options, a Java properties file, e.g. Spring Boot's
 *       {@code spring.cache.jcache.config=classpath:jcache-stores.properties};
 *   <li>the default URI: the system property {@value #URI_PROPERTY} if set, otherwise
 *       {@code sqlite:} a file {@code jcache-stores/default.db} in the user's cache directory
 *       ({@code $XDG_CACHE_HOME}, else {@code ~/.cache}).
 * </ul>
 *
 * <p>Options come from the URI's query parameters, the {@link Properties} given to
 * {@link #getCacheManager(URI, ClassLoader, Properties)} (which win), and system properties
 * {@code jcachestores.<option>} (the defaults); {@link ManagerOptions} lists them. An unknown
 * option name in the URI, a configuration file or a system property is refused with an
 * {@link IllegalArgumentException} listing the known ones (in the Properties, it is logged).
 * Caches always store by value.
 *
 * <p>A CacheManager is identified by its URI without the query and without a password: the query
 * holds options, which, like the {@code Properties}, configure the manager when it opens, and a
 * password in the user information ({@code mongodb://alice:pw@host/db}) is used to open the store
 * but never shown: {@code getURI()} is {@code mongodb://alice@host/db}, and so are the JMX names
 * and messages built from it. Reopening a closed manager therefore takes the URI it was opened
 * with, not {@code getURI()}. So
 * {@code sqlite:/data/books.db?busyTimeout=10s} opens the manager whose {@code getURI()} is
 * {@code sqlite:/data/books.db}; asking again for either URI, with any options, returns that
 * manager until it is closed. {@code getURI()} thereby names the store, gives back the same
 * manager, and makes valid JMX names as the specification and Micrometer's {@code JCacheMetrics}
 * build them ({@code CacheManager=<getURI() with ':' replaced by '.'>}), which a query's
 * {@code ?}, {@code =} and {@code &} would not. The default URI is identified the same way:
 * {@link #getDefaultURI()} is {@value #URI_PROPERTY} without its query, and asking for it opens
 * the store with the options of that query.
 */
public final class StoreCachingProvider implements CachingProvider {

  /** The system property naming the default CacheManager URI. */
  public static final String URI_PROPERTY = "jcachestores.uri";

  /** The default URI as configured, with the options in its query. */
  private final URI configuredDefault = ManagerOptions.defaultUri();
  private final Map<ClassLoader, Map<URI, StoreCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@link javax.cache.Caching} does this through the service loader. */
  public StoreCachingProvider() {}

  /**
   * Returns the CacheManager for {@code uri} (without its query, which holds options) and
   * {@code classLoader}, opening its storage with the options of {@code uri} and
   * {@code properties} if it is not open yet; an open manager is returned as it is.
   *
   * @throws IllegalArgumentException if the URI's scheme is not supported or an option is invalid
   * @throws javax.cache.CacheException if the storage cannot be opened
   */
  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader,
      Properties properties) {
    URI asked = uri == null || uri.equals(getDefaultURI()) ? configuredDefault : uri;
    URI managerUri = ManagerOptions.identity(asked);
    ClassLoader loader = orDefault(classLoader);
    Properties props = properties == null ? new Properties() : properties;
    Map<URI, StoreCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
    StoreCacheManager manager = byUri.get(managerUri);
    if (manager == null || manager.isClosed()) {
      if (ConfigurationFile.isConfigurationFile(asked)) {
        ConfigurationFile file = ConfigurationFile.read(asked, loader);
        manager = file.explainingErrors(props, () -> open(managerUri, file.storeUri(),
            file.options(), loader, props));
      } else {
        manager = open(managerUri, asked, new Properties(), loader, props);
      }
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  /**
   * Opens the store {@code storeUri} names, with the options of its configuration file (empty
   * when there is none) under {@code props}.
   */
  private StoreCacheManager open(URI managerUri, URI storeUri, Properties fileOptions,
      ClassLoader loader, Properties props) {
    StoreFactories factories = StoreFactories.load(loader);
    StoreFactory factory = factories.forUri(storeUri);
    StoreOptions options = ManagerOptions.merge(storeUri, fileOptions, props, factory,
        factories.optionNames());
    StoreCacheManager.Settings settings = ManagerOptions.settings(options);
    Storage storage = factory.open(storeUri, options);
    return new StoreCacheManager(this, managerUri, loader, props, storage, settings,
        this::release);
  }

  private synchronized void release(StoreCacheManager manager) {
    Map<URI, StoreCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null) {
      byUri.remove(manager.getURI(), manager);
      if (byUri.isEmpty()) {
        managers.remove(manager.getClassLoader());
      }
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, null);
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), null);
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  /**
   * Returns the default URI without its query (and password): the default CacheManager's
   * {@code getURI()}.
   */
  @Override
  public URI getDefaultURI() {
    return ManagerOptions.identity(configuredDefault);
  }

  /** Returns empty properties: every option has a default. */
  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  /** Closes every CacheManager of this provider; stored entries stay. */
  @Override
  public void close() {
    List<StoreCacheManager> all = new ArrayList<>();
    synchronized (this) {
      managers.values().forEach(m -> all.addAll(m.values()));
    }
    all.forEach(StoreCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    List<StoreCacheManager> all;
    synchronized (this) {
      Map<URI, StoreCacheManager> byUri = managers.get(orDefault(classLoader));
      all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    all.forEach(StoreCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    StoreCacheManager manager;
    synchronized (this) {
      Map<URI, StoreCacheManager> byUri = managers.get(orDefault(classLoader));
      manager = byUri == null ? null : byUri.get(ManagerOptions.identity(orDefault(uri)));
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Returns {@code uri}, or the default URI if it is null. */
  private URI orDefault(URI uri) {
    return uri == null ? getDefaultURI() : uri;
  }

  /** Returns {@code classLoader}, or the default class loader if it is null. */
  private ClassLoader orDefault(ClassLoader classLoader) {
    return classLoader == null ? getDefaultClassLoader() : classLoader;
  }

  /** Returns false for {@link OptionalFeature#STORE_BY_REFERENCE}: values are always copied. */
  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return false;
  }
}
