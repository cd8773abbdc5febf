package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Patiently;
import io.jcachestores.StoreCachingProvider;
import io.jcachestores.spi.StoreException;
import java.net.ConnectException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** A DynamoDB endpoint that stops answering fails calls within the timeout, clearly. */
class DynamoTimeoutTest {

  private static final long TIMEOUT_MILLIS = 1_500;

  @Test
  void aStoppedEndpointFailsWithinTheTimeoutNamingOperationTableAndEndpoint() {
    String table = DynamoLocal.freshTable("stopped");
    DynamoLocal local = DynamoLocal.startLocal();
    try (CacheManager patient = Caching.getCachingProvider(StoreCachingProvider.class.getName())
        .getCacheManager(local.uri(table, "createIfNotExists=true&timeout=60s&purgeInterval=0"),
            getClass().getClassLoader(), local.properties())) {
      patient.createCache("c", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).put("k", "v");
    }
    CacheManager manager = Patiently.retry(() -> Caching.getCachingProvider(
        StoreCachingProvider.class.getName()).getCacheManager(local.uri(table, "timeout="
            + TIMEOUT_MILLIS + "ms&purgeInterval=0"), getClass().getClassLoader(),
        local.properties()));
    try {
      Cache<String, String> cache = Patiently.retry(() -> manager.getCache("c", String.class,
          String.class));
      assertEquals("v", Patiently.retry(() -> cache.get("k")));
      local.close();

      long start = System.nanoTime();
      StoreException e = assertThrows(StoreException.class, () -> cache.get("k"));
      assertEquals("DynamoDB", e.store());
      assertEquals("get", e.operation());
      assertEquals("c", e.cache());
      long millis = (System.nanoTime() - start) / 1_000_000;
      // The SDK retries refused connections with random backoff: either the timeout ends the
      // call, or the retries run out first and the refusal is the answer. Both are right.
      if (e.timedOut()) {
        assertTrue(e.getMessage().contains("timeout of " + TIMEOUT_MILLIS + " ms"),
            e.getMessage());
      } else {
        assertTrue(refused(e), () -> "neither timed out nor refused: " + e);
      }
      assertTrue(millis < 60_000, "hung for " + millis + " ms");  // not a timing claim
      String message = e.getMessage();
      assertTrue(message.startsWith("DynamoDB get failed for cache 'c' in table '" + table
          + "' at " + local.endpoint()), message);
    } finally {
      manager.close();
    }
  }

  /** Returns whether a connection refusal is among the causes of {@code e}. */
  private static boolean refused(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

}
