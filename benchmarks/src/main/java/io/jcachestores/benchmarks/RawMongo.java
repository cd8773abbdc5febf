package io.jcachestores.benchmarks;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.types.Binary;

/** mongodb-driver-sync: {@code find} by {@code _id} and {@code replaceOne} upsert. */
final class RawMongo implements RawStore {

  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private final MongoClient client;
  private final MongoCollection<Document> collection;

  RawMongo(String uri, String database) {
    client = MongoClients.create(uri);
    collection = client.getDatabase(database).getCollection("raw_kv");
  }

  @Override
  public byte[] get(String key) {
    Document d = collection.find(eq("_id", key)).first();
    return d == null ? null : d.get("v", Binary.class).getData();
  }

  @Override
  public void put(String key, byte[] value) {
    collection.replaceOne(eq("_id", key), new Document("_id", key).append("v", new Binary(value)),
        UPSERT);
  }

  @Override
  public void close() {
    client.close();
  }
}
