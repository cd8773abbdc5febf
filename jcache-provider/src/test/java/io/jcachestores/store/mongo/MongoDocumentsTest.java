package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.jcachestores.DocumentsContract;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Documents on MongoDB, read and tampered with through the driver. */
class MongoDocumentsTest extends DocumentsContract {

  private static MongoTestServer server;
  private static MongoClient client;

  @BeforeAll
  static void start() {
    server = MongoTestServer.start();
    client = MongoClients.create(server.uri());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Override
  protected CacheManager manager(Properties properties) {
    Properties p = new Properties();
    p.setProperty("timeout", "60s");  // patience on a loaded machine
    p.putAll(properties);
    return Caching.getCachingProvider().getCacheManager(URI.create(server.uri()), null, p);
  }

  private static MongoCollection<BsonDocument> collection(String cache) {
    return client.getDatabase(URI.create(server.uri()).getPath().substring(1))
        .getCollection(CollectionNames.of(cache), BsonDocument.class);
  }

  @Override
  protected void assertSampleDocument(String cache, String key, boolean signed) {
    BsonDocument value = collection(cache).find(Filters.eq("_id", key)).first()
        .getDocument("value");
    if (signed) {
      assertEquals(32, value.getBinary("signature").getData().length);
      value = value.getDocument("value");
    }
    assertEquals(sample().get("name"), value.getString("name").getValue());
    assertEquals(36L, value.getInt64("age").getValue());
    assertEquals(2.5, value.getDouble("score").getValue());
    assertEquals("engines", value.getArray("tags").get(1).asString().getValue());
    assertEquals(BsonType.BINARY, value.get("blob").getBsonType());
    assertEquals(BsonType.NULL, value.get("nothing").getBsonType());
    assertEquals(true, value.getDocument("nested").getBoolean("ok").getValue());
  }

  @Override
  protected int hostileVariants() {
    return 4;
  }

  @Override
  protected void writeHostile(String cache, String key, int variant) {
    BsonValue deep = new BsonDocument();
    for (int i = 0; i < 40; i++) {
      deep = new BsonDocument("d", deep);
    }
    BsonValue hostile = switch (variant) {
      case 0 -> new BsonInt32(37);                                   // a foreign number type
      case 1 -> new BsonObjectId();                                  // a foreign type
      case 2 -> deep;                                                // nesting too deep
      default -> new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[16]);
    };
    collection(cache).updateOne(Filters.eq("_id", key), Updates.set(path(cache, key, "age"), hostile));
  }

  @Override
  protected void tamper(String cache, String key, boolean signed) {
    collection(cache).updateOne(Filters.eq("_id", key),
        Updates.set(path(cache, key, "name"), new BsonString("Eve")));
  }

  /** The path of field {@code field} of the stored document, inside a signed form if signed. */
  private static String path(String cache, String key, String field) {
    BsonDocument value = collection(cache).find(Filters.eq("_id", key)).first()
        .getDocument("value");
    return value.containsKey("signature") ? "value.value." + field : "value." + field;
  }
}
