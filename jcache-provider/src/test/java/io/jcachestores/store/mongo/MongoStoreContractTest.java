package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.jcachestores.Patiently;
import io.jcachestores.spi.Increment;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreContract;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on MongoDB ({@code MONGODB_URI}, else mongo-java-server). */
class MongoStoreContractTest extends StoreContract {

  private static MongoTestServer server;
  private static Storage storage;
  private static MongoClient raw;
  private static MongoDatabase database;

  @BeforeAll
  static void open() {
    server = MongoTestServer.start();
    storage = new MongoStoreFactory().open(URI.create(server.uri()),
        StoreOptions.of(Map.of("timeout", "60s")));  // patience on a loaded machine
    raw = MongoClients.create(server.uri());
    database = raw.getDatabase(URI.create(server.uri()).getPath().substring(1));
  }

  @AfterAll
  static void close() {
    raw.close();
    storage.close();
    server.close();
  }

  /**
   * A live counter is updated in place by one {@code findOneAndUpdate} ($inc), not replaced by
   * the compare-and-set: a field the store does not know survives it, and touch alike.
   */
  @Test
  void incrementAndTouchUpdateALiveDocumentInPlace() {
    byte[] key = ReadableForm.bytes("counter");
    store.put(new StoreEntry(key, ReadableForm.bytes(1L), StoreEntry.NEVER));
    MongoCollection<BsonDocument> docs = database.getCollection(CollectionNames.of(cacheName),
        BsonDocument.class);
    docs.updateOne(new BsonDocument("_id", new BsonString("counter")),
        new BsonDocument("$set", new BsonDocument("mark", new BsonString("kept"))));
    long now = System.currentTimeMillis();
    assertEquals(3, store.increment(key, new Increment(2, now, 1, Increment.KEEP)).value());
    assertTrue(store.touch(key, now, now + 60_000));
    BsonDocument doc = docs.find().first();
    assertEquals("kept", doc.getString("mark").getValue());
    assertEquals(3L, doc.getInt64("value").getValue());
    assertEquals(now + 60_000, store.get(key).expiresAt());
  }

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected String kind() {
    return "MongoDB";
  }

  /** The versions of the cache's documents: every write gives a document a new one. */
  @Override
  protected Object writeStamp() {
    List<Object> versions = new ArrayList<>();
    database.getCollection(CollectionNames.of(cacheName), BsonDocument.class).find()
        .forEach(d -> versions.add(d.get(MongoDocuments.ID) + "=" + d.get(MongoDocuments.VERSION)));
    return versions;
  }

  /** A store whose in-process server was stopped, with a short timeout. */
  @Override
  protected Broken broken(String name) {
    MongoTestServer stopped = MongoTestServer.startInProcess();
    Storage s = new MongoStoreFactory().open(URI.create(stopped.uri()),
        StoreOptions.of(Map.of("timeout", "500ms")));
    Store store = Patiently.retry(() -> s.open(name, "d"));
    stopped.close();
    return new Broken(store, s::close);
  }
}
