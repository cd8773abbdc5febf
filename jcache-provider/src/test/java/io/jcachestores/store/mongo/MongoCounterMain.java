package io.jcachestores.store.mongo;

import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Increments the counter {@code "n"} of a cache {@code count} times through {@code invoke}; the
 * second JVM of {@link MongoTwoProcessTest}. Arguments: URI, cache name, count.
 */
public final class MongoCounterMain {

  private MongoCounterMain() {}

  /** Runs the increments, then prints {@code done}. */
  public static void main(String[] args) {
    URI uri = URI.create(args[0]);
    int count = Integer.parseInt(args[2]);
    CachingProvider provider = Caching.getCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, null)) {
      Cache<String, Long> cache = manager.getCache(args[1], String.class, Long.class);
      for (int i = 0; i < count; i++) {
        MongoCacheTest.increment(cache);
      }
    }
    System.out.println("done");
  }
}
