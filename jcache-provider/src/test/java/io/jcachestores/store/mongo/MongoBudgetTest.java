package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreOptions;
import io.jcachestores.spi.Usage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a bounded MongoDB cache sends, counted with the driver's {@link CommandListener} (evidence
 * that does not depend on the machine's load), and the rules of {@link MongoBudget}'s pending
 * usage: one round trip per write below the budget, pending changes added on close, two
 * processes within the documented overshoot, drift corrected by a purge.
 */
class MongoBudgetTest {

  private static final byte[] VALUE = new byte[100];

  private MongoTestServer server;
  /** Commands sent through {@link #client}: name and the collection it names. */
  private final ConcurrentLinkedQueue<BsonDocument> sent = new ConcurrentLinkedQueue<>();
  private MongoClient client;
  private MongoDatabase database;

  @BeforeEach
  void start() {
    server = MongoTestServer.start();
    client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(server.uri()))
        .addCommandListener(new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            // a copy: the event's document is only valid during the call
            sent.add(BsonDocument.parse(event.getCommand().toJson()).append("(name)",
                new BsonString(event.getCommandName())));
          }
        }).build());
    database = client.getDatabase(URI.create(server.uri()).getPath().substring(1));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** Opens a storage on the test database that sends its commands through the listened client. */
  private Storage storage() {
    return new MongoStoreFactory().open(URI.create(server.uri()),
        StoreOptions.of(Map.of(MongoStoreOptions.CLIENT, client, "timeout", "60s")));
  }

  /** Opens a storage on the test database with a client of its own (another process). */
  private Storage otherStorage() {
    return new MongoStoreFactory().open(URI.create(server.uri()),
        StoreOptions.of(Map.of("timeout", "60s")));
  }

  private static StoreEntry entry(String key) {
    return new StoreEntry(ReadableForm.bytes(key), VALUE, StoreEntry.NEVER);
  }

  /** Returns the bytes of the entries {@code k<from>} to {@code k<to - 1>}. */
  private static long sizes(int from, int to) {
    long bytes = 0;
    for (int i = from; i < to; i++) {
      bytes += Budget.sizeOf(entry("k" + i));
    }
    return bytes;
  }

  /** Returns the commands sent since the last call. */
  private List<BsonDocument> drain() {
    List<BsonDocument> commands = List.copyOf(sent);
    sent.clear();
    return commands;
  }

  private static String name(BsonDocument command) {
    return command.getString("(name)").getValue();
  }

  /** Returns the totals the registry document of {@code cache} holds. */
  private Usage registry(String cache) {
    BsonDocument d = database.getCollection("jcache_caches", BsonDocument.class)
        .find(new BsonDocument("_id", new BsonString(cache))).first();
    return new Usage(d.getNumber(MongoBudget.ENTRIES).longValue(),
        d.getNumber(MongoBudget.BYTES).longValue());
  }

  private long held(String cache) {
    return database.getCollection(CollectionNames.of(cache)).countDocuments();
  }

  @Test
  void aWriteBelowTheBudgetIsOneCommandAndAHitMarksOnce() {
    try (AutoCloseableStorage s = new AutoCloseableStorage(storage())) {
      Store store = s.storage.open("c", "d", new Budget(6400, Long.MAX_VALUE), n -> { });
      drain();
      for (int i = 0; i < 99; i++) {  // the share is 6400 / 64 = 100 entries
        store.put(entry("k" + i));
      }
      List<BsonDocument> puts = drain();
      assertEquals(99, puts.size(), "one command per new entry below the share: " + puts);
      assertTrue(puts.stream().allMatch(c -> name(c).equals("findAndModify")), puts.toString());
      assertEquals(Usage.NONE, registry("c"), "the changes are pending");
      drain();

      store.put(entry("k0"));
      assertEquals(1, drain().size(), "a replacement of the same size: one command");

      store.put(entry("k99"));
      List<BsonDocument> sharing = drain();
      assertEquals(2, sharing.size(), "the write reaching the share adds it: " + sharing);
      assertEquals(new Usage(100, sizes(0, 100)), registry("c"));
      drain();

      assertNotNull(store.get(ReadableForm.bytes("k5")));
      List<BsonDocument> firstHit = drain();
      assertEquals(List.of("find", "update"), firstHit.stream().map(MongoBudgetTest::name)
          .toList(), "the first hit marks the entry, by _id alone: " + firstHit);
      assertEquals(1, firstHit.get(1).getArray("updates").get(0).asDocument().getDocument("q")
          .size(), "by _id alone");
      for (int i = 0; i < 10; i++) {
        assertNotNull(store.get(ReadableForm.bytes("k5")));
      }
      assertEquals(10, drain().size(), "later hits: one find each");
    }
  }

  @Test
  void evictionReadsItsCandidatesInOneQueryAndDeletesInChunks() {
    try (AutoCloseableStorage s = new AutoCloseableStorage(storage())) {
      LongAdder evicted = new LongAdder();
      Store store = s.storage.open("c", "d", new Budget(1024, Long.MAX_VALUE), evicted::add);
      drain();
      int puts = 4096;
      for (int i = 0; i < puts; i++) {
        store.put(entry("k" + i));
      }
      List<BsonDocument> commands = drain();
      assertTrue(held("c") <= 1024, "within budget: " + held("c"));
      assertEquals(puts - held("c"), evicted.sum(), "evictions counted");
      long sortedFinds = commands.stream()
          .filter(c -> name(c).equals("find") && c.containsKey("sort")).count();
      long deletes = commands.stream().filter(c -> name(c).equals("delete")).count();
      System.out.println(puts + " new entries into a budget of 1024: " + commands.size()
          + " commands, " + sortedFinds + " candidate queries, " + deletes + " deletes, "
          + evicted.sum() + " evicted");
      // each eviction frees a sixteenth of the budget, 64 entries, with one sorted query
      assertTrue(sortedFinds > 0 && sortedFinds <= evicted.sum() / 60,
          sortedFinds + " candidate queries for " + evicted.sum() + " evictions");
      assertTrue(deletes <= sortedFinds, deletes + " deletes for " + sortedFinds + " queries");
      assertTrue(commands.size() <= puts + puts / 5,
          commands.size() + " commands for " + puts + " puts, evicting all along");
    }
  }

  @Test
  void pendingChangesReachTheRegistryWhenTheStorageCloses() {
    Storage storage = storage();
    Store store = storage.open("c", "d", new Budget(6400, Long.MAX_VALUE), n -> { });
    for (int i = 0; i < 10; i++) {
      store.put(entry("k" + i));
    }
    store.remove(ReadableForm.bytes("k0"));
    assertEquals(Usage.NONE, registry("c"));
    storage.close();
    assertEquals(new Usage(9, sizes(1, 10)), registry("c"));
  }

  @Test
  void usageAddsWhatThisProcessHoldsPending() {
    try (AutoCloseableStorage s = new AutoCloseableStorage(storage())) {
      Store store = s.storage.open("c", "d", new Budget(6400, Long.MAX_VALUE), n -> { });
      store.put(entry("k1"));
      assertEquals(new Usage(1, sizes(1, 2)), store.usage().orElseThrow());
      assertEquals(new Usage(1, sizes(1, 2)), registry("c"));
    }
  }

  /**
   * Two storages (two processes) writing one cache in turn: the documents never hold more than
   * the budget plus one share per process plus one entry per writing thread (one each here), and
   * after both closed the cache is within its budget and the totals are exact.
   */
  @Test
  void twoProcessesStayWithinTheDocumentedOvershoot() {
    Budget budget = new Budget(640, Long.MAX_VALUE);
    long share = 640 / MongoBudget.SHARE;
    LongAdder evicted = new LongAdder();
    Storage a = otherStorage();
    Storage b = otherStorage();
    Store first = a.open("c", "d", budget, evicted::add);
    Store second = b.open("c", "d", budget, evicted::add);
    long most = 0;
    int written = 0;
    for (int i = 0; i < 2000; i++) {
      (i % 2 == 0 ? first : second).put(entry("k" + i));
      written++;
      most = Math.max(most, held("c"));
    }
    assertTrue(most > 640 - 640 / 16, "the cache filled up: " + most);
    assertTrue(most <= 640 + 2 * share + 2, "at most 640 + 2 shares + 2: " + most);
    a.close();
    b.close();
    assertTrue(held("c") <= 640, "within the budget once closed: " + held("c"));
    assertEquals(held("c"), registry("c").entries(), "exact totals");
    assertEquals(written - held("c"), evicted.sum(), "evictions counted");
  }

  /** Totals gone wrong (a process killed with pending changes, say) are set right by a purge. */
  @Test
  void aPurgeCorrectsDrift() {
    Storage killed = otherStorage();
    Store lost = killed.open("c", "d", new Budget(6400, Long.MAX_VALUE), n -> { });
    for (int i = 0; i < 10; i++) {
      lost.put(entry("k" + i));  // pending, never added: this storage is never closed
    }
    try (AutoCloseableStorage s = new AutoCloseableStorage(storage())) {
      Store store = s.storage.open("c", "d", new Budget(6400, Long.MAX_VALUE), n -> { });
      store.put(entry("k10"));
      MongoCollection<BsonDocument> registry = database.getCollection("jcache_caches",
          BsonDocument.class);
      registry.updateOne(new BsonDocument("_id", new BsonString("c")), new BsonDocument("$set",
          new BsonDocument(MongoBudget.BYTES, new BsonInt64(-5))));
      s.storage.purgeExpired(System.currentTimeMillis());
      assertEquals(new Usage(11, sizes(0, 11)), registry("c"));
      assertEquals(registry("c"), store.usage().orElseThrow(), "nothing left pending");
    } finally {
      killed.close();  // its client, before the server stops
    }
  }

  /** A storage closed by try-with-resources. */
  private record AutoCloseableStorage(Storage storage) implements AutoCloseable {
    @Override
    public void close() {
      storage.close();
    }
  }
}
