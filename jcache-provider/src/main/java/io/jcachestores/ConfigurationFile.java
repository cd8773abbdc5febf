package io.jcachestores;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.cache.CacheException;

/**
 * A configuration file named by a {@code file:}, {@code jar:} or {@code classpath:} CacheManager
 * URI, such as Spring Boot's {@code spring.cache.jcache.config=classpath:jcache-stores.properties}.
 *
 * <p>It is a Java properties file (UTF-8): {@code uri} names the store, every other entry is a
 * store option, under the {@link Properties} given to {@code getCacheManager}:
 * <pre>{@code
 * uri=sqlite:/var/cache/app/cache.db
 * busyTimeout=10s
 * allow=com.example.model.**
 * }</pre>
 *
 * @param storeUri the store the file names
 * @param options the file's options (every entry but {@code uri})
 */
record ConfigurationFile(URI storeUri, Properties options) {

  private static final Set<String> SCHEMES = Set.of("file", "jar", "classpath");

  /** Returns whether {@code uri} names a configuration file rather than a store. */
  static boolean isConfigurationFile(URI uri) {
    return uri.getScheme() != null
        && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Reads the configuration file {@code uri} names; {@code classpath:} resources are found
   * through {@code loader}.
   *
   * @throws CacheException if the file cannot be found or read
   * @throws IllegalArgumentException if it names no store, or another configuration file
   */
  static ConfigurationFile read(URI uri, ClassLoader loader) {
    Properties file = new Properties();
    try (InputStream in = open(uri, loader);
         Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      file.load(reader);
    } catch (IOException e) {
      throw new CacheException("Cannot read the configuration file " + uri + ": " + e, e);
    }
    String store = file.getProperty("uri");
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException("The configuration file " + uri
          + " names no store: add a line such as uri=sqlite:/var/cache/app.db");
    }
    URI storeUri = URI.create(store.trim());
    if (isConfigurationFile(storeUri)) {
      throw new IllegalArgumentException("The configuration file " + uri + " names another "
          + "configuration file (" + storeUri + "), not a store");
    }
    file.remove("uri");
    return new ConfigurationFile(storeUri, file);
  }

  private static InputStream open(URI uri, ClassLoader loader) throws IOException {
    if (uri.getScheme().equalsIgnoreCase("classpath")) {
      String path = uri.getSchemeSpecificPart();
      path = path.startsWith("/") ? path.substring(1) : path;
      URL resource = loader.getResource(path);
      if (resource == null) {
        throw new CacheException("No configuration file " + uri + " on the class path");
      }
      return resource.openStream();
    }
    return uri.toURL().openStream();
  }
}
