package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.StoreConfiguration;
import io.jcachestores.cache.StoreCache;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Usage;
import java.nio.file.Path;
import javax.cache.Cache;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maxSize}: the HTTP cache's responses stay within a byte budget; the default one. */
class MaxSizeTest {

  @TempDir
  Path dir;

  private static StoreCache<?, ?> store(JCacheHttpCaching caching) {
    return caching.cache().unwrap(StoreCache.class);
  }

  @Test
  void responsesStayWithinMaxSizeAndTheLeastRecentlyUsedGo() throws Exception {
    String uri = "sqlite:" + dir.resolve("http.db");
    try (Origin origin = new Origin().route("/p", r -> Origin.Response.ok("x".repeat(500),
            "Cache-Control", "max-age=600"));
        JCacheHttpCaching caching = JCacheHttpCaching.builder().store(uri).maxSize(8 * 1024)
            .build();
        CloseableHttpClient client = caching.newClassicClient()) {
      assertEquals(new Budget(Long.MAX_VALUE, 8 * 1024), store(caching).budget());
      for (int i = 0; i < 60; i++) {
        Clients.get(client, origin.url("/p?i=" + i));
        Clients.get(client, origin.url("/p?i=0"));  // read at every step: never evicted
        Usage used = store(caching).usage().orElseThrow();
        assertTrue(used.bytes() <= 8 * 1024, "within maxSize: " + used);
      }
      assertEquals(CacheResponseStatus.CACHE_HIT, Clients.get(client, origin.url("/p?i=0"))
          .cache());
      assertEquals(CacheResponseStatus.CACHE_MISS, Clients.get(client, origin.url("/p?i=1"))
          .cache(), "the least recently used response went");
    }
    try (JCacheHttpCaching again = JCacheHttpCaching.builder().store(uri).build()) {
      assertEquals(new Budget(Long.MAX_VALUE, 8 * 1024), store(again).budget(),
          "the bound is remembered with the cache");
    }
    try (JCacheHttpCaching again = JCacheHttpCaching.builder().store(uri).maxSize(0).build()) {
      assertEquals(Budget.UNBOUNDED, store(again).budget(), "and replaced when given");
    }
  }

  @Test
  void theEmbeddedDefaultStoreIsBoundedToOneGibibyte() {
    String previous = System.getProperty("jcachestores.uri");
    System.setProperty("jcachestores.uri", "sqlite:" + dir.resolve("default.db"));
    try (JCacheHttpCaching caching = JCacheHttpCaching.builder().build()) {
      assertEquals(new Budget(Long.MAX_VALUE, JCacheHttpCaching.DEFAULT_MAX_SIZE),
          store(caching).budget());
      assertEquals(1L << 30, JCacheHttpCaching.DEFAULT_MAX_SIZE);
    } finally {
      if (previous == null) {
        System.clearProperty("jcachestores.uri");
      } else {
        System.setProperty("jcachestores.uri", previous);
      }
    }
  }

  @Test
  void maxSizeIsRefusedForACacheHandedIn() {
    Cache<String, byte[]> cache = io.jcachestores.Caches.getOrCreate(
        new io.jcachestores.StoreCachingProvider().getCacheManager(
            java.net.URI.create("sqlite:" + dir.resolve("own.db")), null),
        "own", String.class, byte[].class);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> JCacheHttpCaching.builder().cache(cache).maxSize(1024).build());
      assertTrue(e.getMessage().contains(StoreConfiguration.class.getSimpleName()),
          e.getMessage());
    } finally {
      cache.getCacheManager().close();
    }
  }
}
