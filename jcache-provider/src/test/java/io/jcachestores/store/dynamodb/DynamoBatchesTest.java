package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Items that DynamoDB leaves unprocessed in a batch are retried, within the timeout. */
class DynamoBatchesTest {

  private static final DynamoLocal DYNAMO = DynamoLocal.shared();
  private static final String TABLE = DynamoLocal.freshTable("batches");
  private static DynamoDbClient raw;

  @BeforeAll
  static void open() {
    raw = DYNAMO.client();
    openStorage(raw, "5s").close();  // creates the table
  }

  @AfterAll
  static void close() {
    raw.close();
  }

  private static Storage openStorage(DynamoDbClient client, String timeout) {
    return new DynamoStoreFactory().open(URI.create("dynamodb:" + TABLE), StoreOptions.of(Map.of(
        "dynamodb.client", client, "createIfNotExists", "true", "timeout", timeout)));
  }

  private static List<StoreEntry> entries(int n) {
    List<StoreEntry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(new StoreEntry(("Skey" + i).getBytes(StandardCharsets.UTF_8),
          ("Svalue" + i).getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER));
    }
    return entries;
  }

  private static Set<String> keys(List<StoreEntry> entries) {
    Set<String> keys = new HashSet<>();
    entries.forEach(e -> keys.add(new String(e.key(), StandardCharsets.UTF_8)));
    return keys;
  }

  @Test
  void unprocessedWritesAndReadsAreRetriedUntilDone() {
    FlakyBatchClient flaky = new FlakyBatchClient(raw, 3);
    try (Storage storage = openStorage(flaky.client(), "5s")) {
      Store store = storage.open("retried", "-");
      List<StoreEntry> entries = entries(20);  // one chunk: 10 written, then 5, then 2, then 3
      store.putAll(entries);
      assertEquals(4, flaky.batchWrites.get(), "3 partial batches, then the rest");
      List<byte[]> keys = entries.stream().map(StoreEntry::key).toList();
      FlakyBatchClient flakyReads = new FlakyBatchClient(raw, 2);
      try (Storage reading = openStorage(flakyReads.client(), "5s")) {
        List<StoreEntry> found = reading.open("retried", "-").getAll(keys);
        assertEquals(keys(entries), keys(found));
        assertEquals(3, flakyReads.batchGets.get(), "10 keys, then 5, then the last 5");
      }
      store.removeAll(keys);
      assertTrue(store.getAll(keys).isEmpty());
    }
  }

  @Test
  void itemsThatStayUnprocessedFailWithinTheTimeout() {
    FlakyBatchClient flaky = new FlakyBatchClient(raw, -1);
    try (Storage storage = openStorage(flaky.client(), "600ms")) {
      Store store = storage.open("throttled", "-");
      long start = System.nanoTime();
      CacheException e = assertThrows(CacheException.class, () -> store.putAll(entries(4)));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 500, "gave up after " + millis + " ms, before the timeout");
      assertTrue(millis < 60_000, "hung for " + millis + " ms");  // not a timing claim
      assertTrue(e.getMessage().contains("putAll") && e.getMessage().contains("unprocessed")
          && e.getMessage().contains(TABLE) && e.getMessage().contains("'throttled'"),
          e.getMessage());
    }
  }
}
