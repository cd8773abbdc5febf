package io.jcachestores.benchmarks;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * mongodb-driver-sync: {@code find} by {@code _id} and {@code replaceOne} upsert; in bulk one
 * {@code find} with {@code $in} (all documents in the first reply) and one unordered
 * {@code bulkWrite} of {@code ReplaceOneModel} upserts.
 */
final class RawMongo implements RawStore {

  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
  private final MongoClient client;
  private final MongoCollection<Document> collection;

  RawMongo(String uri, String database) {
    client = MongoClients.create(uri);
    collection = client.getDatabase(database).getCollection("raw_kv");
  }

  @Override
  public byte[] get(String key) {
    Document d = collection.find(eq("_id", key)).first();
    return d == null ? null : value(d);
  }

  @Override
  public void put(String key, byte[] value) {
    collection.replaceOne(eq("_id", key), document(key, value), UPSERT);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    Map<String, byte[]> found = new HashMap<>();
    for (Document d : collection.find(in("_id", keys)).batchSize(Math.max(2, keys.size()))) {
      found.put(d.getString("_id"), value(d));
    }
    return found;
  }

  @Override
  public void putAll(Map<String, byte[]> entries) {
    List<ReplaceOneModel<Document>> writes = new ArrayList<>(entries.size());
    entries.forEach((k, v) -> writes.add(new ReplaceOneModel<>(eq("_id", k), document(k, v),
        UPSERT)));
    collection.bulkWrite(writes, UNORDERED);
  }

  private static Document document(String key, byte[] value) {
    return new Document("_id", key).append("v", new Binary(value));
  }

  private static byte[] value(Document d) {
    return d.get("v", Binary.class).getData();
  }

  @Override
  public void close() {
    client.close();
  }
}
