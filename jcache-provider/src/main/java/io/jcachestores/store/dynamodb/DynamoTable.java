package io.jcachestores.store.dynamodb;

import java.util.List;
import javax.cache.CacheException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Checks the table of a storage and, when asked, creates it: on-demand billing, a string
 * partition key, native TTL enabled on the TTL attribute.
 */
final class DynamoTable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoTable.class);
  private static final long POLL_MILLIS = 250;

  private final DynamoDbClient client;
  private final DynamoSettings settings;
  private final DynamoCalls calls;

  DynamoTable(DynamoDbClient client, DynamoSettings settings, DynamoCalls calls) {
    this.client = client;
    this.settings = settings;
    this.calls = calls;
  }

  /**
   * Makes sure the table exists, is active and has the expected key; creates it if it is missing
   * and {@code createIfNotExists} is set.
   *
   * @throws CacheException if the table is missing (and may not be created), has another key,
   *     or cannot be reached
   */
  void ensure() {
    TableDescription table = describe();
    if (table == null) {
      if (!settings.createIfNotExists()) {
        throw calls.failure("open", null, "the table does not exist; create it with partition "
            + "key '" + settings.keyAttribute() + "' of type S and no sort key, or set the option "
            + "createIfNotExists=true", null);
      }
      table = create();
    }
    checkKey(table);
    if (table.tableStatus() != TableStatus.ACTIVE) {
      waitUntilActive();
    }
    checkTimeToLive();
  }

  private TableDescription describe() {
    return calls.run("describe table", null, () -> {
      try {
        return client.describeTable(b -> b.tableName(settings.table())).table();
      } catch (ResourceNotFoundException e) {
        return null;
      }
    });
  }

  private TableDescription create() {
    LOG.info("Creating DynamoDB {} (on-demand billing, TTL on '{}')", calls.describe(),
        settings.ttlAttribute());
    TableDescription created = calls.run("create table", null, () -> {
      try {
        return client.createTable(b -> b.tableName(settings.table())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder()
                .attributeName(settings.keyAttribute())
                .attributeType(ScalarAttributeType.S)
                .build())
            .keySchema(KeySchemaElement.builder()
                .attributeName(settings.keyAttribute())
                .keyType(KeyType.HASH)
                .build()))
            .tableDescription();
      } catch (ResourceInUseException e) {
        return null;  // another process created it meanwhile
      }
    });
    return created != null ? created : describe();
  }

  private void checkKey(TableDescription table) {
    List<KeySchemaElement> key = table.keySchema();
    boolean stringKey = table.attributeDefinitions().stream().anyMatch(
        d -> d.attributeName().equals(settings.keyAttribute())
            && d.attributeType() == ScalarAttributeType.S);
    if (key.size() != 1 || !key.get(0).attributeName().equals(settings.keyAttribute())
        || !stringKey) {
      throw calls.failure("open", null, "the table's key is " + key + " " + table
          .attributeDefinitions() + "; this store needs partition key '"
          + settings.keyAttribute() + "' of type S and no sort key (option keyAttribute)", null);
    }
  }

  private void waitUntilActive() {
    long deadline = System.nanoTime() + settings.createTimeout().toNanos();
    while (true) {
      TableDescription table = describe();
      if (table != null && table.tableStatus() == TableStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw calls.failure("open", null, "the table did not become active within "
            + settings.createTimeout().toSeconds() + " s (option createTimeout); status "
            + (table == null ? "missing" : table.tableStatusAsString()), null);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw calls.failure("open", null, "interrupted while waiting for the table", e);
      }
    }
  }

  private TimeToLiveDescription timeToLive() {
    return calls.run("describe time to live", null,
        () -> client.describeTimeToLive(b -> b.tableName(settings.table()))
            .timeToLiveDescription());
  }

  /** Returns whether {@code ttl} (null if DynamoDB described none) is enabled or enabling. */
  private static boolean isOn(TimeToLiveDescription ttl) {
    return ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
  }

  private boolean timeToLiveOn() {
    TimeToLiveDescription ttl = timeToLive();
    return isOn(ttl) && settings.ttlAttribute().equals(ttl.attributeName());
  }

  /**
   * Enables native TTL on the TTL attribute if the table has none and creating is allowed;
   * otherwise only logs what the table does (expiry is decided on read anyway).
   */
  private void checkTimeToLive() {
    TimeToLiveDescription ttl = timeToLive();
    boolean on = isOn(ttl);
    if (on && settings.ttlAttribute().equals(ttl.attributeName())) {
      return;
    }
    if (on) {
      LOG.warn("DynamoDB {} has native TTL on attribute '{}', not on '{}' (option ttlAttribute): "
          + "expired entries stay until read", calls.describe(), ttl.attributeName(),
          settings.ttlAttribute());
    } else if (settings.createIfNotExists()) {
      calls.run("enable time to live", null, () -> {
        try {
          return client.updateTimeToLive(b -> b.tableName(settings.table())
              .timeToLiveSpecification(s -> s.enabled(true)
                  .attributeName(settings.ttlAttribute())));
        } catch (DynamoDbException e) {
          if (timeToLiveOn()) {
            return null;  // another process enabled it meanwhile
          }
          throw e;
        }
      });
      LOG.info("Enabled native TTL on attribute '{}' of DynamoDB {}", settings.ttlAttribute(),
          calls.describe());
    } else {
      LOG.info("DynamoDB {} has no native TTL: expired entries stay until read (enable TTL on "
          + "attribute '{}', or set createIfNotExists=true)", calls.describe(),
          settings.ttlAttribute());
    }
  }
}
