package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** {@code invoke} stays atomic across JVMs: two processes increment one counter. */
class MongoTwoProcessTest {

  /** Increments per JVM. */
  private static final int EACH = 5_000;

  @Test
  void twoJvmsIncrementOneCounterToTheExactTotal() throws Exception {
    try (MongoTestServer server = MongoTestServer.start();
        CacheManager manager = Caching.getCachingProvider()
            .getCacheManager(URI.create(server.uri()), null)) {
      Cache<String, Long> cache = manager.createCache("counter",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-cp",
          System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          MongoCounterMain.class.getName(), server.uri(), "counter", String.valueOf(EACH)));
      Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
      for (int i = 0; i < EACH; i++) {
        MongoCacheTest.increment(cache);
      }
      assertTrue(other.waitFor(5, TimeUnit.MINUTES), "the other JVM did not finish");
      String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, other.exitValue(), output);
      assertTrue(output.contains("done"), output);
      assertEquals(2L * EACH, cache.get("n"));
    }
  }
}
