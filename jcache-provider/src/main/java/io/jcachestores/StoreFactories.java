package io.jcachestores;

import io.jcachestores.spi.StoreFactory;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link StoreFactory}s registered with the service loader, by URI scheme. */
final class StoreFactories {

  private static final Logger LOG = LoggerFactory.getLogger(StoreFactories.class);

  private final Map<String, StoreFactory> byScheme;

  private StoreFactories(Map<String, StoreFactory> byScheme) {
    this.byScheme = byScheme;
  }

  /** Returns the factories visible to this library and to {@code classLoader}. */
  static StoreFactories load(ClassLoader classLoader) {
    Map<String, StoreFactory> byScheme = new TreeMap<>();
    load(ServiceLoader.load(StoreFactory.class, StoreFactories.class.getClassLoader()), byScheme);
    if (classLoader != StoreFactories.class.getClassLoader()) {
      load(ServiceLoader.load(StoreFactory.class, classLoader), byScheme);
    }
    return new StoreFactories(byScheme);
  }

  /**
   * Returns the factory of {@code uri}'s scheme.
   *
   * @throws IllegalArgumentException if no factory supports it
   */
  StoreFactory forUri(URI uri) {
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException("The CacheManager URI '" + uri + "' names no kind of "
          + "store: write sqlite:" + uri + " for a SQLite file, or use one of the schemes "
          + byScheme.keySet());
    }
    StoreFactory factory = byScheme.get(uri.getScheme().toLowerCase(Locale.ROOT));
    if (factory == null) {
      throw new IllegalArgumentException("Unsupported CacheManager URI '" + uri
          + "': the scheme must be one of " + byScheme.keySet()
          + " (or file:, jar:, classpath: for a configuration file)");
    }
    return factory;
  }

  /** Returns the names of the options some store reads. */
  Set<String> optionNames() {
    Set<String> names = new TreeSet<>();
    byScheme.values().forEach(f -> names.addAll(f.optionNames()));
    return names;
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
