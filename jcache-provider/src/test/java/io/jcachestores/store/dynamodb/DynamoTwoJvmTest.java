package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.CounterMain;
import io.jcachestores.Processes;
import io.jcachestores.StoreCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs increment one counter through {@code invoke} at the same time and end at the exact
 * count: {@code compute} is atomic across processes. 2 x 500 increments (each a consistent read
 * and a conditional write, plus retries on lost races) take a few seconds on DynamoDB Local.
 */
class DynamoTwoJvmTest {

  private static final String EACH = "500";

  @Test
  void twoJvmsIncrementingOneCounterEndAtTheExactCount() throws Exception {
    DynamoLocal dynamo = DynamoLocal.shared();
    URI uri = dynamo.uri(DynamoLocal.freshTable("two-jvms"), "createIfNotExists=true");
    Properties credentials = dynamo.properties();
    List<String> jvmOptions = new ArrayList<>();  // secrets are refused in URIs: store defaults
    credentials.forEach((name, value) -> jvmOptions.add("-Djcachestores." + name + "=" + value));
    List<Long> done = Processes.runTogether(CounterMain.class, jvmOptions,
        List.of(List.of(uri.toString(), "counters", "invoke", EACH, "1"),
            List.of(uri.toString(), "counters", "invoke", EACH, "2")), 300);
    assertEquals(List.of(500L, 500L), done);
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(),
        credentials)) {
      assertEquals(1_000L, manager.getCache("counters", String.class, Long.class).get("counter"));
    }
  }
}
