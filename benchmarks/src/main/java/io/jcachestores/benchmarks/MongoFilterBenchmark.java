package io.jcachestores.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import io.jcachestores.store.mongo.MongoTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The filter shapes of MongoStore's writes, raw driver on the in-process mongo-java-server, with
 * {@code docs} documents in the collection (one of them hit at random). mongo-java-server uses
 * its {@code _id} index only for a filter whose sole field is {@code _id}; any other condition
 * makes it test documents one by one: {@code findOneAndUpdate} up to the first match,
 * {@code updateOne} and {@code replaceOne} the whole collection. This shows what that costs
 * {@code increment} (the live/Long/range filter), {@code touch} (the live filter) and the
 * compare-and-set write of {@code invoke} ({@code _id} and {@code version}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MongoFilterBenchmark {

  private static final BsonDocument ENTRY_FIELDS = new BsonDocument("_id", new BsonInt32(1))
      .append("value", new BsonInt32(1)).append("expiresAt", new BsonInt32(1))
      .append("version", new BsonInt32(1));
  private static final FindOneAndUpdateOptions PROJECTED =
      new FindOneAndUpdateOptions().projection(ENTRY_FIELDS);

  @Param({"1", "10000"})
  public int docs;

  private MongoTestServer server;
  private MongoClient client;
  private MongoCollection<BsonDocument> entries;

  @Setup(Level.Trial)
  public void setUp() {
    server = MongoTestServer.startInProcess();
    String uri = server.uri();
    client = MongoClients.create(uri);
    entries = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1))
        .getCollection("entries", BsonDocument.class);
    entries.createIndex(new BsonDocument("expiresAt", new BsonInt32(1)),
        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    List<BsonDocument> all = new ArrayList<>(docs);
    for (int i = 0; i < docs; i++) {
      all.add(document(i));
    }
    entries.insertMany(all);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  private static BsonDocument document(int i) {
    return new BsonDocument("_id", new BsonString("counter-" + i))
        .append("value", new BsonInt64(0)).append("version", new BsonInt64(0))
        .append("updatedAt", new BsonDateTime(0));
  }

  private int pick() {
    return ThreadLocalRandom.current().nextInt(docs);
  }

  private static BsonDocument byId(int i) {
    return new BsonDocument("_id", new BsonString("counter-" + i));
  }

  /** MongoStore's live filter: no expiry, or one after now. */
  private static BsonDocument live(int i) {
    return byId(i).append("$or", new BsonArray(List.of(
        new BsonDocument("expiresAt", new BsonDocument("$exists", BsonBoolean.FALSE)),
        new BsonDocument("expiresAt",
            new BsonDocument("$gt", new BsonDateTime(System.currentTimeMillis()))))));
  }

  private static BsonDocument inc() {
    return new BsonDocument("$inc", new BsonDocument("value", new BsonInt64(1)))
        .append("$set", new BsonDocument("version",
            new BsonInt64(ThreadLocalRandom.current().nextLong()))
            .append("updatedAt", new BsonDateTime(System.currentTimeMillis())));
  }

  private static BsonDocument touch() {
    return new BsonDocument("$set", new BsonDocument("updatedAt",
        new BsonDateTime(System.currentTimeMillis())));
  }

  /** The read of {@code invoke}: by {@code _id}, through the index. */
  @Benchmark
  public BsonDocument findById() {
    return entries.find(byId(pick())).projection(ENTRY_FIELDS).first();
  }

  /** The compare-and-set write of {@code invoke}: {@code _id} and {@code version}. */
  @Benchmark
  public long replaceByVersion() {
    int i = pick();
    return entries.replaceOne(byId(i).append("version", new BsonInt64(0)), document(i))
        .getMatchedCount();
  }

  /** An unconditional {@code $inc} by {@code _id} alone: the index, but no checks. */
  @Benchmark
  public BsonDocument incrementById() {
    return entries.findOneAndUpdate(byId(pick()), inc(), PROJECTED);
  }

  /** MongoStore's {@code increment}: live, a long, in range. */
  @Benchmark
  public BsonDocument incrementLiveLong() {
    BsonDocument filter = live(pick()).append("value",
        new BsonDocument("$type", new BsonString("long"))
            .append("$gte", new BsonInt64(Long.MIN_VALUE))
            .append("$lte", new BsonInt64(Long.MAX_VALUE - 1)));
    return entries.findOneAndUpdate(filter, inc(), PROJECTED);
  }

  /** MongoStore's {@code touch}: {@code updateOne} on the live filter. */
  @Benchmark
  public long touchUpdateOne() {
    return entries.updateOne(live(pick()), touch()).getMatchedCount();
  }

  /** The alternative for {@code touch}: {@code findOneAndUpdate} on the same filter. */
  @Benchmark
  public BsonDocument touchFindOneAndUpdate() {
    return entries.findOneAndUpdate(live(pick()), touch(),
        new FindOneAndUpdateOptions().projection(new BsonDocument("_id", new BsonInt32(1))));
  }
}
