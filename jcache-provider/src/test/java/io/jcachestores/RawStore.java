package io.jcachestores;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One store as an attacker with write access sees it: its own driver, no jcache-stores code in
 * between. Entries are addressed by cache name and String key (plain names and keys only: those
 * are stored as they are in every store). What {@link #value} returns is the driver's own form of
 * the stored value, to be written back elsewhere with {@link #setValue}.
 */
abstract class RawStore implements AutoCloseable {

  /** The stores the attack tests run on. */
  enum Kind {
    SQLITE, MONGODB, DYNAMODB;

    RawStore open(Path dir) {
      return switch (this) {
        case SQLITE -> new SqliteRaw(dir.resolve("cache.db"));
        case MONGODB -> new MongoRaw();
        case DYNAMODB -> new DynamoRaw();
      };
    }
  }

  /** Returns a new CacheManager on this store, through a provider of its own (a new process). */
  final CacheManager manager(Properties properties) {
    StoreCachingProvider provider = new StoreCachingProvider();
    Properties all = new Properties();
    all.putAll(managerProperties());
    all.putAll(properties);
    return provider.getCacheManager(uri(), provider.getDefaultClassLoader(), all);
  }

  final CacheManager manager() {
    return manager(new Properties());
  }

  abstract URI uri();

  Properties managerProperties() {
    return new Properties();
  }

  /** The patience of these tests with a loaded machine: not a product timeout under test. */
  static final String PATIENCE = "60s";

  /** Returns the stored descriptor of {@code cache}. */
  abstract String descriptor(String cache);

  /** Overwrites the stored descriptor of {@code cache}. */
  abstract void setDescriptor(String cache, String descriptor);

  /** Returns the stored value of an entry, as the driver reads it, or null if there is none. */
  abstract Object value(String cache, String key);

  /** Overwrites the value of an existing entry with what {@link #value} returned. */
  abstract void setValue(String cache, String key, Object raw);

  /** Overwrites the value of an existing entry with {@code encoded}, as stored bytes. */
  abstract void setBytes(String cache, String key, byte[] encoded);

  /** Returns what {@link #value} reads for the String value {@code s}. */
  abstract Object stringValue(String s);

  @Override
  public void close() {}

  /** The SQLite file through JDBC. */
  private static final class SqliteRaw extends RawStore {
    private final Path file;

    SqliteRaw(Path file) {
      this.file = file;
    }

    @Override
    URI uri() {
      return Sqlite.uri(file);
    }

    @Override
    String descriptor(String cache) {
      return query("SELECT descriptor FROM jcache_caches WHERE name = ?", cache, null);
    }

    @Override
    void setDescriptor(String cache, String descriptor) {
      update("UPDATE jcache_caches SET descriptor = ? WHERE name = ?", descriptor, cache, null);
    }

    @Override
    Object value(String cache, String key) {
      return query("SELECT value FROM jcache_entries WHERE cache = ? AND key = ?", cache, key);
    }

    @Override
    void setValue(String cache, String key, Object raw) {
      update("UPDATE jcache_entries SET value = ? WHERE cache = ? AND key = ?", raw, cache, key);
    }

    @Override
    void setBytes(String cache, String key, byte[] encoded) {
      setValue(cache, key, encoded);
    }

    @Override
    Object stringValue(String s) {
      return key(s);  // the same encoding
    }

    private static byte[] key(String key) {
      return ("S" + key).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private <T> T query(String sql, String cache, String key) {
      try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, cache);
        if (key != null) {
          ps.setBytes(2, key(key));
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? (T) rs.getObject(1) : null;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private void update(String sql, Object value, String cache, String key) {
      try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, value);
        ps.setString(2, cache);
        if (key != null) {
          ps.setBytes(3, key(key));
        }
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("nothing to update: " + cache + " " + key);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A fresh database on mongo-java-server (or MONGODB_URI) through the MongoDB driver. */
  private static final class MongoRaw extends RawStore {
    private final MongoTestServer server = MongoTestServer.start();
    private final MongoClient client = MongoClients.create(server.uri());
    private final MongoDatabase database =
        client.getDatabase(new ConnectionString(server.uri()).getDatabase());

    @Override
    URI uri() {
      return URI.create(server.uri());
    }

    @Override
    Properties managerProperties() {
      Properties p = new Properties();
      p.setProperty("timeout", PATIENCE);
      return p;
    }

    private MongoCollection<BsonDocument> registry() {
      return database.getCollection("jcache_caches", BsonDocument.class);
    }

    private MongoCollection<BsonDocument> entries(String cache) {
      return database.getCollection("jcache." + cache, BsonDocument.class);
    }

    @Override
    String descriptor(String cache) {
      return registry().find(Filters.eq("_id", cache)).first().getString("descriptor")
          .getValue();
    }

    @Override
    void setDescriptor(String cache, String descriptor) {
      registry().updateOne(Filters.eq("_id", cache),
          Updates.set("descriptor", new BsonString(descriptor)));
    }

    @Override
    Object value(String cache, String key) {
      BsonDocument doc = entries(cache).find(Filters.eq("_id", key)).first();
      return doc == null ? null : doc.get("value");
    }

    @Override
    void setValue(String cache, String key, Object raw) {
      if (entries(cache).updateOne(Filters.eq("_id", key), Updates.set("value", (BsonValue) raw))
          .getMatchedCount() != 1) {
        throw new IllegalStateException("nothing to update: " + cache + " " + key);
      }
    }

    @Override
    void setBytes(String cache, String key, byte[] encoded) {
      setValue(cache, key, new BsonBinary(encoded));
    }

    @Override
    Object stringValue(String s) {
      return new BsonString(s);
    }

    @Override
    public void close() {
      if (!server.inProcess()) {
        database.drop();
      }
      client.close();
      server.close();
    }
  }

  /** A fresh table on DynamoDB Local (or DYNAMODB_ENDPOINT) through the AWS SDK. */
  private static final class DynamoRaw extends RawStore {
    private final DynamoLocal dynamo = DynamoLocal.shared();
    private final String table = DynamoLocal.freshTable("raw");
    private final DynamoDbClient client = dynamo.client();

    @Override
    URI uri() {
      return dynamo.uri(table, "createIfNotExists=true");
    }

    @Override
    Properties managerProperties() {
      Properties p = dynamo.properties();
      p.setProperty("timeout", PATIENCE);
      return p;
    }

    private Map<String, AttributeValue> item(String partitionKey) {
      Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
          .consistentRead(true).key(Map.of("k", AttributeValue.fromS(partitionKey)))).item();
      return item == null || item.isEmpty() ? null : item;
    }

    private void update(String partitionKey, String attribute, AttributeValue value) {
      Map<String, AttributeValue> item = new HashMap<>(item(partitionKey));
      item.put(attribute, value);
      item.remove("vt");  // the type of a native number value, which the new value is not
      client.putItem(b -> b.tableName(table).item(item));
    }

    private static String entryKey(String cache, String key) {
      return cache + "#S:" + key;
    }

    @Override
    String descriptor(String cache) {
      return item("#jcache#cache#" + cache).get("d").s();
    }

    @Override
    void setDescriptor(String cache, String descriptor) {
      update("#jcache#cache#" + cache, "d", AttributeValue.fromS(descriptor));
    }

    @Override
    Object value(String cache, String key) {
      Map<String, AttributeValue> item = item(entryKey(cache, key));
      return item == null ? null : item.get("v");
    }

    @Override
    void setValue(String cache, String key, Object raw) {
      update(entryKey(cache, key), "v", (AttributeValue) raw);
    }

    @Override
    void setBytes(String cache, String key, byte[] encoded) {
      setValue(cache, key, AttributeValue.fromB(SdkBytes.fromByteArray(encoded)));
    }

    @Override
    Object stringValue(String s) {
      return AttributeValue.fromS(s);
    }

    @Override
    public void close() {
      try {
        client.deleteTable(b -> b.tableName(table));
      } finally {
        client.close();
      }
    }
  }
}
