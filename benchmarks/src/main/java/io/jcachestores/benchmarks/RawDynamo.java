package io.jcachestores.benchmarks;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * AWS SDK v2 (URL-connection HTTP client, as the store uses): strongly consistent
 * {@code GetItem} and {@code PutItem} on a table of its own at the same endpoint.
 */
final class RawDynamo implements RawStore {

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
        .key(Map.of("k", AttributeValue.fromS(key))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item.get("v").b().asByteArrayUnsafe();
  }

  @Override
  public void put(String key, byte[] value) {
    client.putItem(b -> b.tableName(table).item(Map.of("k", AttributeValue.fromS(key),
        "v", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value)))));
  }

  @Override
  public void close() {
    client.close();
  }
}
