package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Processes;
import io.jcachestores.StoreCachingProvider;
import java.net.URI;
import java.util.List;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/** {@code invoke} stays atomic across JVMs: two processes increment one counter. */
class MongoTwoProcessTest {

  /** Increments per JVM. */
  private static final String EACH = "1500";

  @Test
  void twoJvmsIncrementOneCounterToTheExactTotal() throws Exception {
    try (MongoTestServer server = MongoTestServer.start()) {
      String uri = server.uri() + (server.uri().contains("?") ? "&" : "?") + "timeout=60s";
      List<Long> done = Processes.runTogether(List.of(
          List.of(uri, "counters", "invoke", EACH, "1"),
          List.of(uri, "counters", "invoke", EACH, "2")), 300);
      assertEquals(List.of(1500L, 1500L), done);
      StoreCachingProvider provider = new StoreCachingProvider();
      try (CacheManager manager = provider.getCacheManager(URI.create(server.uri()),
          provider.getDefaultClassLoader())) {
        assertEquals(3_000L,
            manager.getCache("counters", String.class, Long.class).get("counter"));
      }
    }
  }
}
