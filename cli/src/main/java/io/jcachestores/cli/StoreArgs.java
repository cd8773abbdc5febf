package io.jcachestores.cli;

import io.jcachestores.StoreCachingProvider;
import io.jcachestores.cache.StoreCache;
import io.jcachestores.http.JCacheHttpCaching;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import picocli.CommandLine.Option;

/** The options naming the store and the cache, shared by the commands that use one. */
final class StoreArgs {

  @Option(names = "--store", paramLabel = "URI",
      description = "Store URI: sqlite:/tmp/http.db, mongodb://host/db, dynamodb:table?region=..."
          + " (default: the embedded SQLite file ~/.cache/jcache-stores/default.db, or "
          + "-Djcachestores.uri).")
  String store;

  @Option(names = "--cache", paramLabel = "NAME",
      defaultValue = JCacheHttpCaching.DEFAULT_CACHE_NAME,
      description = "Cache name in the store (default: ${DEFAULT-VALUE}).")
  String cacheName;

  @Option(names = "--json", description = "Print JSON for scripts instead of readable text.")
  boolean json;

  /** Returns the printer for the chosen output format. */
  Output output() {
    return new Output(json);
  }

  /** Returns a builder of caching in the store and cache named, created if needed (fetch). */
  JCacheHttpCaching.Builder creating() {
    JCacheHttpCaching.Builder b = JCacheHttpCaching.builder().cacheName(cacheName);
    return store == null ? b : b.store(uri());
  }

  /**
   * Opens the HTTP cache named in a store that must exist: nothing is created, and a missing
   * store or cache, or a cache of something else, is a {@link Failure}.
   */
  Opened existing() {
    StoreCachingProvider provider = new StoreCachingProvider();
    URI uri = store == null ? provider.getDefaultURI() : uri();
    Properties mustExist = new Properties();
    mustExist.setProperty(StoreOptions.MUST_EXIST, "true");
    CacheManager manager;
    try {
      manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(), mustExist);
    } catch (CacheException e) {
      // the stores say "option mustExist" when the store is missing rather than unreadable
      String message = Failure.message(e);
      throw new Failure(Failure.STORE, message.contains(StoreOptions.MUST_EXIST)
          ? message + "; fetch creates the store" : message);
    }
    try {
      Cache<String, ?> cache = httpCache(manager);
      if (cache == null) {
        throw new Failure(Failure.STORE, "There is no cache '" + cacheName + "' in "
            + redacted(uri) + " (its caches: " + caches(manager) + "); fetch creates it");
      }
      return new Opened(manager, JCacheHttpCaching.builder().cache(cache).build());
    } catch (ClassCastException e) {
      String caches = caches(manager);
      manager.close();
      throw new Failure(Failure.USAGE, "Cache '" + cacheName + "' in " + redacted(uri)
          + " is not an HTTP cache (" + Failure.message(e) + "): name one with --cache, "
          + "e.g. " + caches);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Returns the HTTP cache, whose values are documents ({@code Object}), or bytes when an
   * earlier version created it; null if there is none.
   */
  private Cache<String, ?> httpCache(CacheManager manager) {
    try {
      return manager.getCache(cacheName, String.class, Object.class);
    } catch (ClassCastException storedAsBytes) {
      return manager.getCache(cacheName, String.class, byte[].class);
    }
  }

  private static String caches(CacheManager manager) {
    TreeSet<String> names = new TreeSet<>();
    manager.getCacheNames().forEach(names::add);
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private URI uri() {
    try {
      return new URI(store.trim());
    } catch (URISyntaxException e) {
      throw new Failure(Failure.USAGE, "--store '" + store + "' is not a URI: " + e.getReason()
          + " at index " + e.getIndex() + " (e.g. sqlite:/tmp/http.db)");
    }
  }

  /** Returns {@code uri} for messages, with any password replaced by {@code ***}. */
  static String redacted(URI uri) {
    return uri.toString().replaceFirst("^([^:]+://[^:/@]+):[^@/]*@", "$1:***@");
  }

  /** An HTTP cache opened by {@link #existing()}, with the manager it closes. */
  record Opened(CacheManager manager, JCacheHttpCaching caching) implements AutoCloseable {

    /** Returns how many entries the store holds for the cache, if it counts them cheaply. */
    OptionalLong storedCount() {
      return caching.cache().unwrap(StoreCache.class).storedCount();
    }

    @Override
    public void close() {
      caching.close();
      manager.close();
    }
  }
}
