package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jcachestores.StoreCachingProvider;
import java.net.URI;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the HTTP caching closes what it opened, never the application's own caches. */
class OwnershipTest {

  @TempDir
  Path dir;

  @Test
  void closingTheHttpCachingLeavesTheApplicationsManagerOnTheSameStoreOpen() {
    URI uri = URI.create("sqlite:" + dir.resolve("shared.db").toAbsolutePath());
    CachingProvider provider = Caching.getCachingProvider(StoreCachingProvider.class.getName());
    try (CacheManager application = provider.getCacheManager(uri,
        provider.getDefaultClassLoader())) {
      Cache<String, String> sessions = application.createCache("sessions",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      sessions.put("alice", "1");

      JCacheHttpCaching.builder().store(uri).build().close();

      assertFalse(application.isClosed());
      assertFalse(sessions.isClosed());
      assertEquals("1", sessions.get("alice"));
    }
  }
}
