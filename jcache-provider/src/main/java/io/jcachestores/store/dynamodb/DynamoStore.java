package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.Increment;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The entries of one cache in a DynamoDB table: point reads and writes by partition key (always
 * consistent reads), batches for the bulk operations, and a scan of the table filtered on the
 * cache name for iteration and {@link #clear()}.
 *
 * <p>{@link #compute} is an optimistic compare-and-set on the item's version: a consistent read,
 * the remapping, then a write conditional on the version read ({@code attribute_not_exists} for an
 * insert); when another writer wins, DynamoDB returns the current item with the failed condition
 * ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}) and the remapping runs again on it. This
 * stays atomic across processes.
 */
final class DynamoStore implements Store {

  private final DynamoDbClient client;
  private final DynamoItems items;
  private final DynamoCalls calls;
  private final DynamoBatches batches;
  private final String table;
  private final String cache;
  private final String prefix;

  DynamoStore(DynamoStorage storage, String cache) {
    this.client = storage.client();
    this.items = storage.items();
    this.calls = storage.calls();
    this.batches = storage.batches();
    this.table = storage.settings().table();
    this.cache = cache;
    this.prefix = DynamoItems.prefix(cache);
  }

  @Override
  public StoreEntry get(byte[] key) {
    Map<String, AttributeValue> item = read("get", items.key(prefix, key));
    return item == null ? null : items.entry(cache, item, key);
  }

  /** Returns the item under {@code key} (a consistent read), or null. */
  private Map<String, AttributeValue> read(String operation, DynamoItems.ItemKey key) {
    Map<String, AttributeValue> item = calls.run(operation, cache, () -> client.getItem(b -> b
        .tableName(table).key(items.keyMap(key)).consistentRead(true)).item());
    return item == null || item.isEmpty() ? null : item;
  }

  @Override
  public List<StoreEntry> getAll(Collection<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    Map<String, byte[]> byPartitionKey = new HashMap<>(keys.size() * 2);
    List<Map<String, AttributeValue>> keyMaps = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      DynamoItems.ItemKey k = items.key(prefix, key);
      if (byPartitionKey.put(k.value(), key) == null) {
        keyMaps.add(items.keyMap(k));
      }
    }
    List<StoreEntry> found = new ArrayList<>(keys.size());
    for (Map<String, AttributeValue> item : batches.get("getAll", cache, keyMaps)) {
      byte[] key = byPartitionKey.get(item.get(items.keyAttribute()).s());
      found.add(items.entry(cache, item, key));
    }
    return found;
  }

  @Override
  public void put(StoreEntry entry) {
    DynamoItems.ItemKey key = items.key(prefix, entry.key());
    put(key, items.item(cache, key, entry, "put"));
  }

  /** Writes the item of {@code key}; a hashed key's write is guarded against collisions. */
  private void put(DynamoItems.ItemKey key, Map<String, AttributeValue> item) {
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
    if (key.hashed()) {
      Condition guard = collisionGuard(key);
      put.conditionExpression(guard.expression()).expressionAttributeNames(guard.names())
          .expressionAttributeValues(guard.values());
    }
    calls.run("put", cache, () -> {
      try {
        return client.putItem(put.build());
      } catch (ConditionalCheckFailedException e) {
        throw items.collision(cache, key.value());
      }
    });
  }

  /**
   * Writes the entries in {@code BatchWriteItem}s of 25, after checking every item's size (so
   * that an oversized value fails before anything is written). Entries with hashed keys are
   * written one by one, with their collision guard.
   */
  @Override
  public void putAll(Collection<StoreEntry> entries) {
    List<WriteRequest> writes = new ArrayList<>(entries.size());
    List<Runnable> hashedPuts = new ArrayList<>();
    for (StoreEntry entry : entries) {
      DynamoItems.ItemKey key = items.key(prefix, entry.key());
      Map<String, AttributeValue> item = items.item(cache, key, entry, "putAll");
      if (key.hashed()) {
        hashedPuts.add(() -> put(key, item));
      } else {
        writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
      }
    }
    batches.write("putAll", cache, writes);
    hashedPuts.forEach(Runnable::run);
  }

  @Override
  public boolean remove(byte[] key) {
    return remove(items.key(prefix, key));
  }

  /** Deletes the item of {@code k}; a hashed key's delete is guarded against collisions. */
  private boolean remove(DynamoItems.ItemKey k) {
    DeleteItemRequest.Builder delete = DeleteItemRequest.builder().tableName(table)
        .key(items.keyMap(k)).returnValues(ReturnValue.ALL_OLD);
    if (k.hashed()) {
      Condition guard = collisionGuard(k);
      delete.conditionExpression(guard.expression()).expressionAttributeNames(guard.names())
          .expressionAttributeValues(guard.values());
    }
    return calls.run("remove", cache, () -> {
      try {
        return client.deleteItem(delete.build()).hasAttributes();
      } catch (ConditionalCheckFailedException e) {
        throw items.collision(cache, k.value());
      }
    });
  }

  @Override
  public void removeAll(Collection<byte[]> keys) {
    List<WriteRequest> deletes = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      DynamoItems.ItemKey k = items.key(prefix, key);
      if (k.hashed()) {
        remove(k);
      } else {
        deletes.add(delete(items.keyMap(k)));
      }
    }
    batches.write("removeAll", cache, deletes);
  }

  private static WriteRequest delete(Map<String, AttributeValue> key) {
    return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
  }

  /** Deletes the cache's entries page by page: a scan of the whole table, then batch deletes. */
  @Override
  public void clear() {
    Map<String, AttributeValue> start = null;
    do {
      ScanResponse page = scan("clear", start, null, items.keyAttribute());
      List<WriteRequest> deletes = new ArrayList<>(page.count());
      for (Map<String, AttributeValue> item : page.items()) {
        deletes.add(delete(items.keyMap(item.get(items.keyAttribute()).s())));
      }
      batches.write("clear", cache, deletes);
      start = nextStart(page);
    } while (start != null);
  }

  /** Returns where the scan resumes after {@code page}, or null if it was the last page. */
  private static Map<String, AttributeValue> nextStart(ScanResponse page) {
    return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
        ? page.lastEvaluatedKey() : null;
  }

  /**
   * Reads one page of the table's items that belong to this cache (a consistent scan filtered on
   * the cache name: DynamoDB reads, and bills, every item of the page, whatever its cache).
   */
  private ScanResponse scan(String operation, Map<String, AttributeValue> start, Integer limit,
      String projection) {
    ScanRequest.Builder scan = ScanRequest.builder().tableName(table)
        .filterExpression("#ns = :ns")
        .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(cache)))
        .consistentRead(true)
        .exclusiveStartKey(start)
        .limit(limit);
    if (projection != null) {
      scan.projectionExpression("#pk")
          .expressionAttributeNames(Map.of("#ns", DynamoItems.NAMESPACE, "#pk", projection));
    } else {
      scan.expressionAttributeNames(Map.of("#ns", DynamoItems.NAMESPACE));
    }
    return calls.run(operation, cache, () -> client.scan(scan.build()));
  }

  @Override
  public StoreEntry compute(byte[] key, UnaryOperator<StoreEntry> remapping) {
    DynamoItems.ItemKey k = items.key(prefix, key);
    Map<String, AttributeValue> item = read("compute", k);
    while (true) {
      StoreEntry current = item == null ? null : items.entry(cache, item, key);
      StoreEntry next = remapping.apply(current);
      if (next == current) {
        return current;
      }
      if (next == null && item == null) {
        return null;
      }
      try {
        if (next == null) {
          deleteIfUnchanged(k, item);
        } else {
          putIfUnchanged(k, item, next);
        }
        return next;
      } catch (ConditionalCheckFailedException e) {
        item = e.hasItem() && !e.item().isEmpty() ? e.item() : null;
      }
    }
  }

  /** Deletes the item if its version is still the one read; throws on a lost race. */
  private void deleteIfUnchanged(DynamoItems.ItemKey key, Map<String, AttributeValue> read) {
    Condition unchanged = unchanged(read);
    calls.run("compute", cache, () -> client.deleteItem(b -> b.tableName(table)
        .key(items.keyMap(key))
        .conditionExpression(unchanged.expression())
        .expressionAttributeNames(unchanged.names())
        .expressionAttributeValues(unchanged.values())
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
  }

  /** Writes the entry if the item is still the one read (or still absent); throws on a lost race. */
  private void putIfUnchanged(DynamoItems.ItemKey key, Map<String, AttributeValue> read,
      StoreEntry next) {
    Map<String, AttributeValue> item = items.item(cache, key, next, "compute");
    Condition unchanged = read == null
        ? new Condition("attribute_not_exists(#k)", Map.of("#k", items.keyAttribute()), null)
        : unchanged(read);
    calls.run("compute", cache, () -> client.putItem(b -> b.tableName(table)
        .item(item)
        .conditionExpression(unchanged.expression())
        .expressionAttributeNames(unchanged.names())
        .expressionAttributeValues(unchanged.values())
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
  }

  /** A condition expression with its names and values (null when it has none). */
  private record Condition(String expression, Map<String, String> names,
      Map<String, AttributeValue> values) {}

  /** Returns the condition "the item still has the version it had when read". */
  private Condition unchanged(Map<String, AttributeValue> read) {
    String version = DynamoItems.version(read);
    if (version == null) {
      return new Condition("attribute_exists(#k) AND attribute_not_exists(#ver)",
          Map.of("#k", items.keyAttribute(), "#ver", DynamoItems.VERSION), null);
    }
    return new Condition("#ver = :ver", Map.of("#ver", DynamoItems.VERSION),
        Map.of(":ver", AttributeValue.fromN(version)));
  }

  /** Returns the condition "no item, or the item of this very key" for a hashed key. */
  private Condition collisionGuard(DynamoItems.ItemKey key) {
    return new Condition("attribute_not_exists(#k) OR #kb = :kb",
        Map.of("#k", items.keyAttribute(), "#kb", DynamoItems.KEY_BYTES),
        Map.of(":kb", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(key.hashedKey()))));
  }

  /**
   * Adds to a live counter in one round trip: {@code UpdateItem} with {@code ADD} and
   * {@code ReturnValues=ALL_OLD}, conditional on the item being live and holding a Long
   * ({@code vt = L}) that the sum cannot overflow. When the condition fails (no item, an expired
   * one, another value, an overflow), the default path, a compare-and-set, creates the counter
   * or tells the caller.
   */
  @Override
  public Increment.Result increment(byte[] key, Increment increment) {
    DynamoItems.ItemKey k = items.key(prefix, key);
    Update update = new Update(k, increment.now());
    update.names.put("#v", items.valueAttribute());
    update.names.put("#vt", DynamoItems.VALUE_TYPE);
    update.values.put(":d", AttributeValue.fromN(Long.toString(increment.delta())));
    update.values.put(":L", AttributeValue.fromS("L"));
    update.values.put(":lo", AttributeValue.fromN(Long.toString(increment.lowestOperand())));
    update.values.put(":hi", AttributeValue.fromN(Long.toString(increment.highestOperand())));
    update.condition.append(" AND #vt = :L AND #v BETWEEN :lo AND :hi");
    if (increment.expiresIfUpdated() != Increment.KEEP) {
      update.expire(increment.expiresIfUpdated());
    }
    Map<String, AttributeValue> old = update.run("increment", "ADD #v :d");
    if (old == null) {
      return Store.super.increment(key, increment);
    }
    StoreEntry before = items.entry(cache, old, key);
    long sum = (Long) ReadableForm.of(before.value()) + increment.delta();
    return new Increment.Result(before, before.with(ReadableForm.bytes(sum),
        increment.updatedExpiry(before.expiresAt())));
  }

  /** Sets a live item's expiry time with one conditional {@code UpdateItem}. */
  @Override
  public boolean touch(byte[] key, long now, long expiresAt) {
    Update update = new Update(items.key(prefix, key), now);
    update.expire(expiresAt);
    return update.run("touch", null) != null;
  }

  /**
   * A conditional {@code UpdateItem} of a live item: it gives the item a fresh version, and
   * applies only if the item exists, is not expired at {@code now} and (for a hashed key) holds
   * this very key.
   */
  private final class Update {
    private final DynamoItems.ItemKey key;
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();
    final StringBuilder condition = new StringBuilder(
        "attribute_exists(#k) AND (attribute_not_exists(#exp) OR #exp > :now)");
    private final List<String> sets = new ArrayList<>(List.of("#ver = :ver"));
    private final List<String> removes = new ArrayList<>();

    Update(DynamoItems.ItemKey key, long now) {
      this.key = key;
      names.put("#k", items.keyAttribute());
      names.put("#exp", DynamoItems.EXPIRES);
      names.put("#ver", DynamoItems.VERSION);
      values.put(":now", AttributeValue.fromN(Long.toString(now)));
      values.put(":ver", DynamoItems.freshVersion());
      if (key.hashed()) {
        names.put("#kb", DynamoItems.KEY_BYTES);
        values.put(":kb", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(key.hashedKey())));
        condition.append(" AND #kb = :kb");
      }
    }

    /** Sets the item's expiry time (and TTL attribute); removes both for never. */
    void expire(long expiresAt) {
      names.put("#ttl", items.ttlAttribute());
      if (expiresAt == StoreEntry.NEVER) {
        removes.add("#exp");
        removes.add("#ttl");
      } else {
        sets.add("#exp = :newExp");
        sets.add("#ttl = :ttl");
        values.put(":newExp", AttributeValue.fromN(Long.toString(expiresAt)));
        values.put(":ttl", AttributeValue.fromN(Long.toString(items.ttlSeconds(expiresAt))));
      }
    }

    /**
     * Runs the update, with {@code add} (an {@code ADD} clause) if not null; returns the item as
     * it was before, or null if the condition failed.
     */
    Map<String, AttributeValue> run(String operation, String add) {
      String expression = (add == null ? "" : add + " ") + "SET " + String.join(", ", sets)
          + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
      return calls.run(operation, cache, () -> {
        try {
          return client.updateItem(b -> b.tableName(table).key(items.keyMap(key))
              .updateExpression(expression)
              .conditionExpression(condition.toString())
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
          return null;
        }
      });
    }
  }

  @Override
  public Iterator<StoreEntry> iterator(int pageSize) {
    return new ScanIterator(pageSize);
  }

  /**
   * Reads the cache's entries one scan page at a time, resuming after the last key DynamoDB
   * evaluated; a page may hold fewer entries than asked for (the filter runs after the limit),
   * so empty pages are skipped.
   */
  private final class ScanIterator implements Iterator<StoreEntry> {
    private final int pageSize;
    private Map<String, AttributeValue> start;
    private List<Map<String, AttributeValue>> page = List.of();
    private int index;
    private boolean exhausted;

    ScanIterator(int pageSize) {
      this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
      while (index >= page.size()) {
        if (exhausted) {
          return false;
        }
        ScanResponse response = scan("iterate", start, pageSize, null);
        page = response.items();
        index = 0;
        start = nextStart(response);
        exhausted = start == null;
      }
      return true;
    }

    @Override
    public StoreEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return items.entry(cache, page.get(index++), null);
    }
  }

  /** Returns the partition key of {@code key} in this cache (for tests and diagnostics). */
  String partitionKey(byte[] key) {
    return items.key(prefix, key).value();
  }
}
