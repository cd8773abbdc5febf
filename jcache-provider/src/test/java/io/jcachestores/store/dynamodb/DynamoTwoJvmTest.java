package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.StoreCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs increment one counter through {@code invoke} at the same time and end at the exact
 * count: {@code compute} is atomic across processes. 2 x 500 increments (each a consistent read
 * and a conditional write, plus retries on lost races) take a few seconds on DynamoDB Local,
 * which serves about 3,000 operations per second.
 */
class DynamoTwoJvmTest {

  static final String CACHE = "counter";
  private static final int EACH = 500;

  /** Increments the counter under key {@code n} {@code times} times. */
  static void increment(Cache<String, Long> cache, int times) {
    for (int i = 0; i < times; i++) {
      cache.invoke("n", (entry, args) -> {
        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
        return null;
      });
    }
  }

  @Test
  void twoJvmsIncrementingOneCounterEndAtTheExactCount() throws Exception {
    DynamoLocal dynamo = DynamoLocal.shared();
    URI uri = dynamo.uri(DynamoLocal.freshTable("two-jvms"), "createIfNotExists=true");
    Properties properties = dynamo.properties();
    CacheManager manager = Caching.getCachingProvider(StoreCachingProvider.class.getName())
        .getCacheManager(uri, getClass().getClassLoader(), properties);
    try {
      Cache<String, Long> cache = manager.createCache(CACHE,
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
      Process child = startChild(uri, properties);
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
          lines.add(line);
        }
        assertEquals("ready", line, "the second JVM did not start: " + lines);
        Writer go = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        go.write("go\n");
        go.flush();
        increment(cache, EACH);
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the second JVM did not finish");
        assertEquals(0, child.exitValue(), "second JVM: " + lines);
        assertTrue(lines.contains("done"), "second JVM: " + lines);
      } finally {
        child.destroyForcibly();
      }
      assertEquals(2L * EACH, cache.get("n"));
    } finally {
      manager.close();
    }
  }

  private static Process startChild(URI uri, Properties properties) throws Exception {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java,
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        DynamoCounterMain.class.getName(), uri.toString(), Integer.toString(EACH)));
    if (properties.containsKey("aws.accessKeyId")) {
      command.add(properties.getProperty("aws.accessKeyId"));
      command.add(properties.getProperty("aws.secretAccessKey"));
    } else {
      command.add("-");
    }
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
