package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * All caches of one DynamoDB table. Each cache is a namespace of items (see {@link DynamoItems}
 * for the layout); the registry of caches lives in the same table: one item per cache holding
 * its descriptor, and one directory item listing the names, so that neither
 * {@link #cacheNames()} nor {@link #descriptor} scans the table.
 *
 * <p>Expired entries are left to DynamoDB's native TTL ({@link #purgeExpired} does nothing);
 * the JCache layer decides expiry on read, since DynamoDB deletes late.
 */
final class DynamoStorage implements Storage {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoStorage.class);

  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final DynamoSettings settings;
  private final DynamoItems items;
  private final DynamoCalls calls;
  private final DynamoBatches batches;

  private DynamoStorage(DynamoDbClient client, boolean ownsClient, DynamoSettings settings) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.settings = settings;
    this.items = new DynamoItems(settings);
    this.calls = new DynamoCalls(settings.table(), DynamoClients.where(client),
        settings.timeout());
    this.batches = new DynamoBatches(client, calls, settings.table(), settings.timeout());
  }

  /**
   * Opens the storage of a table: uses the client handed in through the options or builds one,
   * and checks (or creates) the table.
   *
   * @throws IllegalArgumentException if an option is malformed
   * @throws javax.cache.CacheException if the table cannot be reached, is missing or unfit
   */
  static DynamoStorage open(DynamoSettings settings, StoreOptions options) {
    DynamoDbClient handedIn = DynamoClients.handedIn(options);
    DynamoDbClient client = handedIn != null ? handedIn : DynamoClients.build(settings, options);
    DynamoStorage storage = new DynamoStorage(client, handedIn == null, settings);
    try {
      new DynamoTable(client, settings, storage.calls).ensure();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    LOG.debug("Opened DynamoDB {}", storage.calls.describe());
    return storage;
  }

  DynamoDbClient client() {
    return client;
  }

  DynamoSettings settings() {
    return settings;
  }

  DynamoItems items() {
    return items;
  }

  DynamoCalls calls() {
    return calls;
  }

  DynamoBatches batches() {
    return batches;
  }

  @Override
  public Set<String> cacheNames() {
    Map<String, AttributeValue> directory = calls.run("list caches", null,
        () -> client.getItem(b -> b.tableName(settings.table())
            .key(items.keyMap(DynamoItems.DIRECTORY_KEY)).consistentRead(true)).item());
    AttributeValue names = directory == null ? null : directory.get(DynamoItems.NAMES);
    return names == null || !names.hasSs() ? new HashSet<>() : new HashSet<>(names.ss());
  }

  @Override
  public String descriptor(String name) {
    Map<String, AttributeValue> item = calls.run("read cache", name,
        () -> client.getItem(b -> b.tableName(settings.table())
            .key(items.registryKey(name)).consistentRead(true)).item());
    AttributeValue descriptor = item == null ? null : item.get(DynamoItems.DESCRIPTOR);
    return descriptor == null ? null : descriptor.s();
  }

  /**
   * Registers the cache (its descriptor item, then its name in the directory) and returns its
   * store.
   *
   * @throws IllegalArgumentException if the name is empty or longer than 1024 UTF-8 bytes
   */
  /**
   * Why DynamoDB caches cannot be bounded: the decision, in the words every refusal uses.
   */
  static final String NO_BUDGET = "DynamoDB caches cannot be bounded (maxEntries, maxBytes): "
      + "knowing how many entries or bytes a cache holds needs a Scan of the whole table, billed "
      + "for every item, on every check. Bound them by time instead: give the cache an expiry "
      + "policy (or ExpiringCache.put with a time to live); DynamoDB's native TTL then deletes "
      + "expired items by itself";

  /** Opens unbounded caches only: see {@link #NO_BUDGET}. */
  @Override
  public Store open(String name, String descriptor, Budget budget, LongConsumer evicted) {
    if (budget.isBounded()) {
      throw new UnsupportedOperationException(NO_BUDGET);
    }
    return open(name, descriptor);
  }

  @Override
  public Store open(String name, String descriptor) {
    int length = DynamoItems.utf8Length(name);
    if (length == 0 || length > DynamoItems.MAX_CACHE_NAME_BYTES) {
      throw new IllegalArgumentException("A DynamoDB cache name must have 1 to "
          + DynamoItems.MAX_CACHE_NAME_BYTES + " UTF-8 bytes, not " + length);
    }
    calls.run("create cache", name, () -> client.putItem(b -> b.tableName(settings.table())
        .item(items.registryItem(name, descriptor))));
    updateDirectory("create cache", name, "ADD");
    return new DynamoStore(this, name);
  }

  private void updateDirectory(String operation, String name, String action) {
    calls.run(operation, name, () -> client.updateItem(b -> b.tableName(settings.table())
        .key(items.keyMap(DynamoItems.DIRECTORY_KEY))
        .updateExpression(action + " #names :name")
        .expressionAttributeNames(Map.of("#names", DynamoItems.NAMES))
        .expressionAttributeValues(Map.of(":name", AttributeValue.fromSs(List.of(name))))));
  }

  /** Deletes the cache's entries (a scan of the table), then its registration. */
  @Override
  public void destroy(String name) {
    if (name.isEmpty()) {
      return;
    }
    new DynamoStore(this, name).clear();
    calls.run("destroy cache", name, () -> client.deleteItem(b -> b.tableName(settings.table())
        .key(items.registryKey(name))));
    updateDirectory("destroy cache", name, "DELETE");
  }

  /** Does nothing: DynamoDB's native TTL deletes expired entries. Returns 0. */
  @Override
  public long purgeExpired(long now) {
    return 0;
  }

  @Override
  public String describe() {
    return "DynamoDB " + calls.describe();
  }

  /** Closes the client if this storage built it; a client handed in is left open. */
  @Override
  public void close() {
    calls.close();
    if (ownsClient) {
      client.close();
    }
  }
}
