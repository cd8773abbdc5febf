package io.jcachestores.store.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A client that forwards to a real one, except that its batch calls process only the first half
 * of each request and return the rest as unprocessed, as DynamoDB does when throttled: for the
 * next {@code flakyBatches} batch calls, or forever if negative.
 */
final class FlakyBatchClient implements DynamoDbClient {

  private final DynamoDbClient delegate;
  private final AtomicInteger flakyBatches;
  final AtomicInteger batchGets = new AtomicInteger();
  final AtomicInteger batchWrites = new AtomicInteger();

  FlakyBatchClient(DynamoDbClient delegate, int flakyBatches) {
    this.delegate = delegate;
    this.flakyBatches = new AtomicInteger(flakyBatches);
  }

  private boolean flaky() {
    return flakyBatches.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    batchWrites.incrementAndGet();
    if (!flaky()) {
      return delegate.batchWriteItem(request);
    }
    Map<String, List<WriteRequest>> processed = new HashMap<>();
    Map<String, List<WriteRequest>> unprocessed = new HashMap<>();
    request.requestItems().forEach((table, writes) -> {
      int half = writes.size() / 2;
      if (half > 0) {
        processed.put(table, new ArrayList<>(writes.subList(0, half)));
      }
      unprocessed.put(table, new ArrayList<>(writes.subList(half, writes.size())));
    });
    if (!processed.isEmpty()) {
      delegate.batchWriteItem(b -> b.requestItems(processed));
    }
    return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    batchGets.incrementAndGet();
    if (!flaky()) {
      return delegate.batchGetItem(request);
    }
    Map<String, KeysAndAttributes> processed = new HashMap<>();
    Map<String, KeysAndAttributes> unprocessed = new HashMap<>();
    request.requestItems().forEach((table, keys) -> {
      List<Map<String, AttributeValue>> all = keys.keys();
      int half = all.size() / 2;
      if (half > 0) {
        processed.put(table, keys.toBuilder().keys(all.subList(0, half)).build());
      }
      unprocessed.put(table, keys.toBuilder().keys(all.subList(half, all.size())).build());
    });
    Map<String, List<Map<String, AttributeValue>>> responses = processed.isEmpty() ? Map.of()
        : delegate.batchGetItem(b -> b.requestItems(processed)).responses();
    return BatchGetItemResponse.builder().responses(responses).unprocessedKeys(unprocessed)
        .build();
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return delegate.getItem(request);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return delegate.putItem(request);
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return delegate.deleteItem(request);
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return delegate.updateItem(request);
  }

  @Override
  public ScanResponse scan(ScanRequest request) {
    return delegate.scan(request);
  }

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest request) {
    return delegate.describeTable(request);
  }

  @Override
  public CreateTableResponse createTable(CreateTableRequest request) {
    return delegate.createTable(request);
  }

  @Override
  public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
    return delegate.describeTimeToLive(request);
  }

  @Override
  public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
    return delegate.updateTimeToLive(request);
  }

  @Override
  public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
    return delegate.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return delegate.serviceName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
