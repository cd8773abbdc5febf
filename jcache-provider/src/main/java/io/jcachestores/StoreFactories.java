package io.jcachestores;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link StoreFactory} of a URI scheme among those registered with the service loader. */
final class StoreFactories {

  private static final Logger LOG = LoggerFactory.getLogger(StoreFactories.class);

  private StoreFactories() {}

  /**
   * Opens the storage {@code uri} names.
   *
   * @throws IllegalArgumentException if no factory supports the URI's scheme
   */
  static Storage open(URI uri, StoreOptions options, ClassLoader classLoader) {
    Map<String, StoreFactory> bySchema = factories(classLoader);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    StoreFactory factory = bySchema.get(scheme);
    if (factory == null) {
      throw new IllegalArgumentException("Unsupported CacheManager URI '" + uri
          + "': the scheme must be one of " + bySchema.keySet());
    }
    return factory.open(uri, options);
  }

  private static Map<String, StoreFactory> factories(ClassLoader classLoader) {
    Map<String, StoreFactory> bySchema = new TreeMap<>();
    load(ServiceLoader.load(StoreFactory.class, StoreFactories.class.getClassLoader()), bySchema);
    if (classLoader != StoreFactories.class.getClassLoader()) {
      load(ServiceLoader.load(StoreFactory.class, classLoader), bySchema);
    }
    return bySchema;
  }

  private static void load(ServiceLoader<StoreFactory> loader, Map<String, StoreFactory> into) {
    for (var it = loader.stream().iterator(); it.hasNext(); ) {
      try {
        StoreFactory factory = it.next().get();
        for (String scheme : factory.schemes()) {
          into.putIfAbsent(scheme.toLowerCase(Locale.ROOT), factory);
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warn("A store factory could not be loaded: {}", e.toString());
      }
    }
  }
}
