package io.jcachestores.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Sqlite;
import io.jcachestores.StoreCachingProvider;
import io.jcachestores.store.mongo.MongoTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer's {@code JCacheMetrics} reads the figures of the statistics MXBean, which it finds
 * by a name built from {@code getURI()}: with store URIs carrying options it reads exactly what
 * the MXBean says (a name that differs would read 0; an invalid one would throw, as it did in
 * Spring Boot's actuator).
 */
class JCacheMetricsTest {

  @TempDir
  Path dir;

  @Test
  void onSqlite() throws Exception {
    micrometerReadsWhatTheMxBeanSays(URI.create(Sqlite.uri(dir.resolve("metrics.db"))
        + "?busyTimeout=10s&statistics=true"));
  }

  @Test
  void onMongoDb() throws Exception {
    try (MongoTestServer mongo = MongoTestServer.start()) {
      String uri = mongo.uri();
      micrometerReadsWhatTheMxBeanSays(URI.create(uri + (uri.contains("?") ? "&" : "?")
          + "timeout=5s&statistics=true"));
    }
  }

  private static void micrometerReadsWhatTheMxBeanSays(URI store) throws Exception {
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(store,
        provider.getDefaultClassLoader())) {
      Cache<String, String> cache = manager.createCache("books",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      MeterRegistry registry = new SimpleMeterRegistry();
      JCacheMetrics.monitor(registry, cache);

      cache.put("a", "1");
      cache.put("b", "2");
      cache.put("c", "3");
      cache.get("a");
      cache.get("a");
      cache.get("b");
      cache.get("missing");
      cache.remove("c");
      cache.getAndPut("a", "4");

      ObjectName mxBean = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + manager.getURI().toString().replace(':', '.') + ",Cache=books");
      assertEquals(4L, attribute(mxBean, "CacheHits"));
      assertEquals(1L, attribute(mxBean, "CacheMisses"));
      assertEquals(4L, attribute(mxBean, "CachePuts"));
      assertEquals(1L, attribute(mxBean, "CacheRemovals"));
      assertEquals(4.0, gets(registry, "hit"));
      assertEquals(1.0, gets(registry, "miss"));
      assertEquals(4.0, registry.get("cache.puts").functionCounter().count());
      assertEquals(1.0, registry.get("cache.removals").meter().measure().iterator().next()
          .getValue());
      assertEquals((double) (Long) attribute(mxBean, "CacheEvictions"),
          registry.get("cache.evictions").functionCounter().count());
    }
  }

  private static Object attribute(ObjectName name, String attribute) throws Exception {
    return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  private static double gets(MeterRegistry registry, String result) {
    return registry.get("cache.gets").tag("result", result).functionCounter().count();
  }
}
