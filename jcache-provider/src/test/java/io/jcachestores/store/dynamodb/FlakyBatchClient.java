package io.jcachestores.store.dynamodb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A client ({@link #client()}) that forwards to a real one, except that its batch calls process
 * only the first half of each request and return the rest as unprocessed, as DynamoDB does when
 * throttled: for the next {@code flakyBatches} batch calls, or forever if negative.
 *
 * <p>The client is a dynamic proxy, so every other operation reaches the real client without a
 * forwarding method of its own, whichever operations the store uses.
 */
final class FlakyBatchClient {

  private final DynamoDbClient delegate;
  private final AtomicInteger flakyBatches;
  private final DynamoDbClient client;
  final AtomicInteger batchGets = new AtomicInteger();
  final AtomicInteger batchWrites = new AtomicInteger();

  FlakyBatchClient(DynamoDbClient delegate, int flakyBatches) {
    this.delegate = delegate;
    this.flakyBatches = new AtomicInteger(flakyBatches);
    this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, this::invoke);
  }

  /** Returns the flaky client; closing it closes the real one. */
  DynamoDbClient client() {
    return client;
  }

  private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (args != null && args.length == 1 && args[0] instanceof Consumer) {
      // an overload taking a request builder: the interface's default method builds the
      // request and calls the overload taking it, on this proxy
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    return switch (method.getName()) {
      case "batchWriteItem" -> batchWriteItem((BatchWriteItemRequest) args[0]);
      case "batchGetItem" -> batchGetItem((BatchGetItemRequest) args[0]);
      default -> forward(method, args);
    };
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private boolean flaky() {
    return flakyBatches.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
  }

  private BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
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

  private BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
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
}
