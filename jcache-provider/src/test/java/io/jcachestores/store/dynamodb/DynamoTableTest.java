package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.StoreCachingProvider;
import java.net.URI;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Creating and checking the table. */
class DynamoTableTest {

  private static final DynamoLocal DYNAMO = DynamoLocal.shared();
  private static CachingProvider provider;
  private static DynamoDbClient raw;

  @BeforeAll
  static void open() {
    provider = Caching.getCachingProvider(StoreCachingProvider.class.getName());
    raw = DYNAMO.client();
  }

  @AfterAll
  static void close() {
    raw.close();
  }

  private static CacheManager manager(URI uri) {
    return provider.getCacheManager(uri, DynamoTableTest.class.getClassLoader(),
        DYNAMO.properties());
  }

  @Test
  void createsTheTableOnDemandWithTtlEnabled() {
    String table = DynamoLocal.freshTable("created");
    CacheManager manager = manager(DYNAMO.uri(table,
        "create_if_not_exists=true&keyAttribute=pk&valueAttribute=val&ttlAttribute=expires_at"));
    try {
      TableDescription description = raw.describeTable(b -> b.tableName(table)).table();
      assertEquals(TableStatus.ACTIVE, description.tableStatus());
      assertEquals(BillingMode.PAY_PER_REQUEST, description.billingModeSummary().billingMode());
      assertEquals(1, description.keySchema().size());
      assertEquals("pk", description.keySchema().get(0).attributeName());
      assertEquals(KeyType.HASH, description.keySchema().get(0).keyType());
      assertEquals(ScalarAttributeType.S,
          description.attributeDefinitions().get(0).attributeType());
      TimeToLiveDescription ttl =
          raw.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
      assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
      assertEquals("expires_at", ttl.attributeName());

      Cache<String, String> cache = manager.createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
      cache.put("a", "b");
      Map<String, AttributeValue> item = raw.getItem(r -> r.tableName(table)
          .key(Map.of("pk", AttributeValue.fromS("c#S:a")))).item();
      assertEquals("b", item.get("val").s());
      assertTrue(item.containsKey("expires_at"));
    } finally {
      manager.close();
    }
    // a second manager finds the table (and its TTL) as it is
    CacheManager again = manager(DYNAMO.uri(table,
        "keyAttribute=pk&valueAttribute=val&ttlAttribute=expires_at"));
    try {
      assertEquals("b", again.getCache("c", String.class, String.class).get("a"));
    } finally {
      again.close();
    }
  }

  @Test
  void aMissingTableIsAClearErrorWithoutCreateIfNotExists() {
    String table = DynamoLocal.freshTable("missing");
    CacheException e = assertThrows(CacheException.class, () -> manager(DYNAMO.uri(table, "")));
    assertTrue(e.getMessage().contains("'" + table + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("createIfNotExists"), e.getMessage());
    assertTrue(e.getMessage().contains(DYNAMO.endpoint()), e.getMessage());
  }

  @Test
  void aTableWithAnotherKeyIsRefused() {
    String table = DynamoLocal.freshTable("other-key");
    raw.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
            .attributeType(ScalarAttributeType.N).build())
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    CacheException e = assertThrows(CacheException.class,
        () -> manager(DYNAMO.uri(table, "createIfNotExists=true")));
    assertTrue(e.getMessage().contains("partition key 'k' of type S"), e.getMessage());
  }

  @Test
  void malformedUrisAndOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> manager(URI.create("dynamodb:ab")));
    assertThrows(IllegalArgumentException.class,
        () -> manager(DYNAMO.uri(DynamoLocal.freshTable("bad"), "keyAttribute=ns")));
    assertThrows(IllegalArgumentException.class,
        () -> manager(DYNAMO.uri(DynamoLocal.freshTable("bad"), "endpoint=ftp://x")));
    assertThrows(IllegalArgumentException.class,
        () -> manager(URI.create("dynamodb:tbl?aws.secretAccessKey=oops")));
  }
}
