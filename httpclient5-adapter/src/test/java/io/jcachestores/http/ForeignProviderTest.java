package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcachestores.ExpiringCache;
import io.jcachestores.http.Clients.Result;
import io.jcachestores.http.Origin.Response;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheUpdateException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter on another provider's JCache (Caffeine's): it uses only public contracts, so it
 * works there too, without per-entry time to live.
 */
class ForeignProviderTest {

  private static final String ROOT = "http://example.com:80/r";

  private CachingProvider provider;
  private CacheManager manager;
  private Cache<String, byte[]> cache;

  @BeforeEach
  void open() {
    provider = Caching.getCachingProvider(
        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
    manager = provider.getCacheManager();
    cache = manager.createCache("http-" + System.nanoTime(),
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
  }

  @AfterEach
  void close() {
    manager.destroyCache(cache.getName());
    provider.close();
  }

  @Test
  void theCacheIsNotOursSoTheAdapterTakesThePortableRoad() {
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(ExpiringCache.class));
  }

  @Test
  void putGetUpdateAndRemoveWork() throws Exception {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache);
    storage.putEntry(ROOT, StorageTest.entry("root", Set.of()));
    assertEquals(Set.of(), storage.getEntry(ROOT).getVariants());

    storage.updateEntry(ROOT, existing -> StorageTest.entry("root", Set.of("{lang=en}")));
    assertEquals(Set.of("{lang=en}"), storage.getEntry(ROOT).getVariants());

    storage.updateEntry(ROOT, existing -> null);
    assertNull(storage.getEntry(ROOT));
  }

  @Test
  void updateIsACompareAndSetOnTheBytes() throws Exception {
    JCacheHttpCacheStorage storage = new JCacheHttpCacheStorage(cache, EntryLifetime.defaults(), 2);
    storage.putEntry(ROOT, StorageTest.entry("v0", Set.of()));
    AtomicInteger attempts = new AtomicInteger();

    assertThrows(HttpCacheUpdateException.class, () -> storage.updateEntry(ROOT, existing -> {
      cache.put(ROOT, JCacheHttpCacheStorage.encode(ROOT,
          StorageTest.entry("other" + attempts.incrementAndGet(), Set.of())));
      return StorageTest.entry("mine", Set.of());
    }));
    assertEquals(3, attempts.get(), "every lost race was seen and retried");
  }

  @Test
  void aClientServesTheSecondRequestFromTheForeignCache() throws Exception {
    try (Origin origin = new Origin();
         JCacheHttpCaching caching = JCacheHttpCaching.builder().cache(cache).build();
         CloseableHttpClient client = caching.newClassicClient()) {
      origin.route("/a", r -> Response.ok("alpha", "Cache-Control", "max-age=60"));
      Result first = Clients.get(client, origin.url("/a"));
      Result second = Clients.get(client, origin.url("/a"));
      assertEquals("alpha", second.body());
      assertEquals(CacheResponseStatus.CACHE_MISS, first.cache());
      assertEquals(CacheResponseStatus.CACHE_HIT, second.cache());
      assertEquals(1, origin.count());
    }
  }
}
