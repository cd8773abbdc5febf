package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Patiently;
import io.jcachestores.spi.StoreException;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** A server that is down fails operations within the timeout, with a clear message. */
class MongoUnavailableTest {

  private static final long TIMEOUT_MS = 1_000;
  /** Only a guard against hanging: how long the failure takes is the driver's business. */
  private static final long HANG_MS = 60_000;

  @Test
  void aStoppedServerFailsWithinTheTimeout() {
    MongoTestServer server = MongoTestServer.startInProcess();
    try (CacheManager patient = Caching.getCachingProvider().getCacheManager(
        URI.create(server.uri() + "?timeout=60s"), null)) {
      patient.createCache("down", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).put("k", "v");
    }
    URI uri = URI.create(server.uri() + "?timeout=" + TIMEOUT_MS + "ms");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, null)) {
      Cache<String, String> cache = Patiently.retry(() -> manager.getCache("down", String.class,
          String.class));
      assertEquals("v", Patiently.retry(() -> cache.get("k")));
      server.close();
      String host = uri.getAuthority();
      for (int attempt = 0; attempt < 2; attempt++) {
        long start = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, () -> cache.get("k"));
        assertEquals("MongoDB", e.store());
        assertEquals("get", e.operation());
        assertEquals("down", e.cache());
        assertTrue(e.timedOut(), e.getMessage());
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed < HANG_MS, "took " + elapsed + " ms");
        assertTrue(e.getMessage().contains("MongoDB get failed for cache 'down'"), e.getMessage());
        assertTrue(e.getMessage().contains("timeout of " + TIMEOUT_MS + " ms"), e.getMessage());
        assertTrue(e.getMessage().contains(host), e.getMessage());
      }
    }
  }

  @Test
  void anUnreachableServerFailsWithinTheTimeoutWithoutShowingThePassword() {
    MongoTestServer server = MongoTestServer.startInProcess();
    String free = URI.create(server.uri()).getAuthority();
    server.close();
    URI uri = URI.create("mongodb://alice:s3cr3t-pw@" + free + "/db?timeout=" + TIMEOUT_MS
        + "ms&connectTimeoutMS=500");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, null)) {
      long start = System.nanoTime();
      CacheException e = assertThrows(CacheException.class, () -> manager.createCache("x",
          new MutableConfiguration<>()));
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsed < HANG_MS, "took " + elapsed + " ms");
      assertTrue(e.getMessage().contains("create cache") && e.getMessage().contains(free),
          e.getMessage());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains("s3cr3t"), t.toString());
      }
    }
  }
}
