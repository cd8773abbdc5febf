package io.jcachestores.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * AWS SDK v2 (URL-connection HTTP client, as the store uses): strongly consistent
 * {@code GetItem} and {@code PutItem} on a table of its own at the same endpoint; in bulk
 * consistent {@code BatchGetItem}s of up to 100 keys and {@code BatchWriteItem}s of up to 25
 * puts, one after the other, each resending what DynamoDB left unprocessed until nothing is
 * (at once: DynamoDB Local does not throttle, so there is no backoff to measure).
 */
final class RawDynamo implements RawStore {

  private static final int MAX_GET = 100;
  private static final int MAX_WRITE = 25;
  private final DynamoDbClient client;
  private final String table;

  RawDynamo(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
    client.createTable(b -> b.tableName(table)
        .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("k")
            .attributeType(ScalarAttributeType.S).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
  }

  @Override
  public byte[] get(String key) {
    Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
        .key(key(key)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : value(item);
  }

  @Override
  public void put(String key, byte[] value) {
    client.putItem(b -> b.tableName(table).item(item(key, value)));
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    List<Map<String, AttributeValue>> all = new ArrayList<>(keys.size());
    keys.forEach(k -> all.add(key(k)));
    Map<String, byte[]> found = new HashMap<>();
    for (int from = 0; from < all.size(); from += MAX_GET) {
      KeysAndAttributes request = KeysAndAttributes.builder()
          .keys(all.subList(from, Math.min(all.size(), from + MAX_GET))).consistentRead(true)
          .build();
      while (request != null && !request.keys().isEmpty()) {
        Map<String, KeysAndAttributes> items = Map.of(table, request);
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(items));
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(table,
            List.of())) {
          found.put(item.get("k").s(), value(item));
        }
        request = response.unprocessedKeys().get(table);
      }
    }
    return found;
  }

  @Override
  public void putAll(Map<String, byte[]> entries) {
    List<WriteRequest> all = new ArrayList<>(entries.size());
    entries.forEach((k, v) -> all.add(WriteRequest.builder()
        .putRequest(PutRequest.builder().item(item(k, v)).build()).build()));
    for (int from = 0; from < all.size(); from += MAX_WRITE) {
      List<WriteRequest> chunk = all.subList(from, Math.min(all.size(), from + MAX_WRITE));
      while (!chunk.isEmpty()) {
        Map<String, List<WriteRequest>> items = Map.of(table, chunk);
        chunk = client.batchWriteItem(b -> b.requestItems(items)).unprocessedItems()
            .getOrDefault(table, List.of());
      }
    }
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of("k", AttributeValue.fromS(key));
  }

  private static Map<String, AttributeValue> item(String key, byte[] value) {
    return Map.of("k", AttributeValue.fromS(key),
        "v", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value)));
  }

  private static byte[] value(Map<String, AttributeValue> item) {
    return item.get("v").b().asByteArrayUnsafe();
  }

  @Override
  public void close() {
    client.close();
  }
}
