package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.DocumentsContract;
import io.jcachestores.StoreCachingProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Documents in DynamoDB as M and L attributes, read and tampered with through the SDK. */
class DynamoDocumentsTest extends DocumentsContract {

  private static final DynamoLocal DYNAMO = DynamoLocal.shared();
  private static final String TABLE = DynamoLocal.freshTable("docs");
  private static DynamoDbClient raw;

  @BeforeAll
  static void open() {
    raw = DYNAMO.client();
  }

  @AfterAll
  static void close() {
    raw.close();
  }

  @Override
  protected CacheManager manager(Properties properties) {
    Properties p = DYNAMO.properties();
    p.putAll(properties);
    StoreCachingProvider provider = new StoreCachingProvider();
    return provider.getCacheManager(DYNAMO.uri(TABLE, "createIfNotExists=true&ttlGrace=60s"), provider.getDefaultClassLoader(), p);
  }

  private static Map<String, AttributeValue> itemKey(String cache, String key) {
    return Map.of("k", AttributeValue.fromS(DynamoItems.prefix(cache) + "S:" + key));
  }

  private static Map<String, AttributeValue> item(String cache, String key) {
    return raw.getItem(b -> b.tableName(TABLE).key(itemKey(cache, key)).consistentRead(true))
        .item();
  }

  @Override
  protected void assertSampleDocument(String cache, String key, boolean signed) {
    Map<String, AttributeValue> value = item(cache, key).get("v").m();
    if (signed) {
      assertEquals(32, value.get("signature").b().asByteArray().length);
      value = value.get("value").m();
    }
    assertEquals(sample().get("name"), value.get("name").s());
    assertEquals("36", value.get("age").n());
    assertEquals("2.5", value.get("score").n());
    assertEquals("engines", value.get("tags").l().get(1).s());
    assertEquals(3, value.get("blob").b().asByteArray().length);
    assertTrue(value.get("nothing").nul());
    assertTrue(value.get("nested").m().get("ok").bool());
  }

  @Override
  protected int hostileVariants() {
    return 4;
  }

  @Override
  protected void writeHostile(String cache, String key, int variant) {
    AttributeValue deep = AttributeValue.fromM(Map.of());
    for (int i = 0; i < 26; i++) {  // within DynamoDB's 32 levels, beyond ours
      deep = AttributeValue.fromM(Map.of("d", deep));
    }
    AttributeValue hostile = switch (variant) {
      case 0 -> AttributeValue.fromSs(List.of("a", "b"));                 // a foreign type
      case 1 -> AttributeValue.fromN("123456789012345678901234567890");   // over a Long
      case 2 -> deep;                                                      // nesting too deep
      default -> AttributeValue.fromM(Map.of("$y", AttributeValue.fromN("1")));  // reserved key
    };
    set(cache, key, "age", hostile);
  }

  @Override
  protected void tamper(String cache, String key, boolean signed) {
    set(cache, key, "name", AttributeValue.fromS("Eve"));
  }

  /** Sets field {@code field} of the stored document (inside a signed form if signed). */
  private static void set(String cache, String key, String field, AttributeValue value) {
    Map<String, AttributeValue> item = new HashMap<>(item(cache, key));
    Map<String, AttributeValue> doc = new HashMap<>(item.get("v").m());
    if (doc.containsKey("signature")) {
      Map<String, AttributeValue> inner = new HashMap<>(doc.get("value").m());
      inner.put(field, value);
      doc.put("value", AttributeValue.fromM(inner));
    } else {
      doc.put(field, value);
    }
    item.put("v", AttributeValue.fromM(doc));
    raw.putItem(b -> b.tableName(TABLE).item(item));
  }

}
