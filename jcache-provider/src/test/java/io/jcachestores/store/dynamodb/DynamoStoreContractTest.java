package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Patiently;
import io.jcachestores.spi.Increment;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreContract;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The store contract on DynamoDB ({@code DYNAMODB_ENDPOINT}, else DynamoDB Local). */
class DynamoStoreContractTest extends StoreContract {

  private static final DynamoLocal DYNAMO = DynamoLocal.shared();
  private static final String TABLE = DynamoLocal.freshTable("contract");
  private static Storage storage;
  private static DynamoDbClient raw;

  @BeforeAll
  static void open() {
    storage = open(DYNAMO, TABLE, "60s");  // a test's patience on a loaded machine
    raw = DYNAMO.client();
  }

  private static Storage open(DynamoLocal local, String table, String timeout) {
    Map<String, Object> options = new HashMap<>();
    local.properties().forEach((k, v) -> options.put((String) k, v));
    options.put("endpoint", local.endpoint());
    options.put("region", "us-east-1");
    options.put("createIfNotExists", "true");
    options.put("ttlGrace", "1d");  // DynamoDB Local's TTL sweep leaves expired test items alone
    options.put("timeout", timeout);
    return new DynamoStoreFactory().open(URI.create("dynamodb:" + table), StoreOptions.of(options));
  }

  @AfterAll
  static void close() {
    raw.close();
    storage.close();
  }

  /**
   * A live counter is updated in place by one {@code UpdateItem} (ADD), not rewritten by the
   * compare-and-set: an attribute the store does not know survives it, and touch alike.
   */
  @Test
  void incrementAndTouchUpdateALiveItemInPlace() {
    byte[] key = ReadableForm.bytes("counter");
    store.put(new StoreEntry(key, ReadableForm.bytes(1L), StoreEntry.NEVER));
    String pk = ((DynamoStore) store).partitionKey(key);
    raw.updateItem(b -> b.tableName(TABLE).key(Map.of("k", AttributeValue.fromS(pk)))
        .updateExpression("SET mark = :m")
        .expressionAttributeValues(Map.of(":m", AttributeValue.fromS("kept"))));
    long now = System.currentTimeMillis();
    assertEquals(3, store.increment(key, new Increment(2, now, 1, Increment.KEEP)).value());
    assertTrue(store.touch(key, now, now + 60_000));
    Map<String, AttributeValue> item = raw.getItem(b -> b.tableName(TABLE)
        .key(Map.of("k", AttributeValue.fromS(pk))).consistentRead(true)).item();
    assertEquals("kept", item.get("mark").s());
    assertEquals("3", item.get("v").n());
    assertEquals(now + 60_000, store.get(key).expiresAt());
  }

  @Override
  protected boolean supportsBudgets() {
    return false;
  }

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected String kind() {
    return "DynamoDB";
  }

  /** The versions of the cache's items: every write gives an item a new one. */
  @Override
  protected Object writeStamp() {
    Map<String, String> versions = new TreeMap<>();
    ScanRequest scan = ScanRequest.builder().tableName(TABLE).consistentRead(true)
        .filterExpression("ns = :ns")
        .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(cacheName))).build();
    raw.scanPaginator(scan).items().forEach(item ->
        versions.put(item.get("k").s(), item.get(DynamoItems.VERSION).n()));
    return versions;
  }

  /** A store whose private DynamoDB Local was stopped, with a short timeout. */
  @Override
  protected Broken broken(String name) {
    DynamoLocal stopped = DynamoLocal.startLocal();
    String table = DynamoLocal.freshTable("broken");
    Storage s = Patiently.retry(() -> open(stopped, table, "1s"));
    Store store = Patiently.retry(() -> s.open(name, "d"));
    stopped.close();
    return new Broken(store, s::close);
  }
}
