package io.jcachestores.store.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code BatchGetItem} and {@code BatchWriteItem} in chunks of DynamoDB's limits (100 keys, 25
 * writes), retrying the items DynamoDB leaves unprocessed with {@link Backoff} until the timeout.
 */
final class DynamoBatches {

  /** Most keys in one {@code BatchGetItem}. */
  static final int MAX_GET = 100;
  /** Most requests in one {@code BatchWriteItem}. */
  static final int MAX_WRITE = 25;

  private final DynamoDbClient client;
  private final DynamoCalls calls;
  private final String table;
  private final Duration timeout;

  DynamoBatches(DynamoDbClient client, DynamoCalls calls, String table, Duration timeout) {
    this.client = client;
    this.calls = calls;
    this.table = table;
    this.timeout = timeout;
  }

  /**
   * Reads the items under {@code keys} (distinct primary keys) with consistent reads; absent
   * items are left out.
   */
  List<Map<String, AttributeValue>> get(String operation, String cache,
      List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += MAX_GET) {
      KeysAndAttributes request = KeysAndAttributes.builder()
          .keys(keys.subList(from, Math.min(keys.size(), from + MAX_GET)))
          .consistentRead(true)
          .build();
      Backoff backoff = new Backoff(timeout);
      while (request != null) {
        Map<String, KeysAndAttributes> items = Map.of(table, request);
        BatchGetItemResponse response = calls.run(operation, cache,
            () -> client.batchGetItem(b -> b.requestItems(items)));
        found.addAll(response.responses().getOrDefault(table, List.of()));
        KeysAndAttributes left = response.unprocessedKeys().get(table);
        request = left == null || left.keys().isEmpty() ? null : left;
        if (request != null) {
          pause(backoff, operation, cache, left.keys().size());
        }
      }
    }
    return found;
  }

  /** Writes {@code requests} (puts and deletes of distinct primary keys). */
  void write(String operation, String cache, List<WriteRequest> requests) {
    for (int from = 0; from < requests.size(); from += MAX_WRITE) {
      List<WriteRequest> chunk = requests.subList(from, Math.min(requests.size(), from + MAX_WRITE));
      Backoff backoff = new Backoff(timeout);
      while (!chunk.isEmpty()) {
        Map<String, List<WriteRequest>> items = Map.of(table, chunk);
        BatchWriteItemResponse response = calls.run(operation, cache,
            () -> client.batchWriteItem(b -> b.requestItems(items)));
        chunk = response.unprocessedItems().getOrDefault(table, List.of());
        if (!chunk.isEmpty()) {
          pause(backoff, operation, cache, chunk.size());
        }
      }
    }
  }

  private void pause(Backoff backoff, String operation, String cache, int unprocessed) {
    try {
      if (backoff.pause()) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw calls.failure(operation, cache, "interrupted while " + unprocessed
          + " items were left unprocessed", e);
    }
    throw calls.failure(operation, cache, unprocessed + " items stayed unprocessed (throttled) "
        + "for longer than the timeout of " + timeout.toMillis() + " ms", null);
  }
}
