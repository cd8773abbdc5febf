package io.jcachestores.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All caches of one MongoDB database: a registry collection {@value #REGISTRY} (one document per
 * cache: {@code _id} its name, {@code descriptor}, {@code collection}) and one collection of
 * entries per cache, named by {@link CollectionNames}.
 *
 * <p>Every collection of entries has a TTL index on {@code expiresAt} whose
 * {@code expireAfterSeconds} is the grace period, so that a real server deletes expired entries
 * by itself; {@link #purgeExpired} deletes the same ones for servers without a TTL monitor.
 * Every operation runs with the configured timeout (the driver's client-side operation timeout,
 * server selection included) and fails with a {@link StoreException} naming the operation, the
 * cache and the server, never credentials.
 */
final class MongoStorage implements Storage {

  private static final Logger LOG = LoggerFactory.getLogger(MongoStorage.class);

  /** The registry collection. */
  static final String REGISTRY = "jcache_caches";
  private static final String TTL_INDEX = "expiresAt_ttl";
  private static final int DUPLICATE_KEY = 11000;

  private final MongoSettings settings;
  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoDatabase database;
  private final MongoCollection<BsonDocument> registry;
  private final String description;
  /** The bounded caches this process opened, whose totals every purge recounts. */
  private final Set<MongoBudget> budgets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  MongoStorage(MongoSettings settings) {
    this.settings = settings;
    this.ownsClient = settings.userClient() == null;
    this.client = ownsClient ? MongoClients.create(clientSettings(settings)) : settings.userClient();
    this.database = client.getDatabase(settings.database())
        .withTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    this.registry = database.getCollection(REGISTRY, BsonDocument.class);
    this.description = settings.describe();
    if (settings.mustExist() && !hasRegistry()) {
      close();
      throw new StoreException("MongoDB", "open", null, redact(description), "it holds no "
          + "jcache-stores caches (no collection " + REGISTRY + "; option mustExist: nothing is "
          + "created)", false, null);
    }
    LOG.debug("Opened {}", description);
  }

  private boolean hasRegistry() {
    try {
      return call("open", null,
          () -> database.listCollectionNames().into(new ArrayList<>()).contains(REGISTRY));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Returns the driver settings: the connection string's, with our timeouts as defaults. */
  private static MongoClientSettings clientSettings(MongoSettings settings) {
    long millis = settings.timeout().toMillis();
    MongoClientSettings.Builder builder = MongoClientSettings.builder()
        .timeout(millis, TimeUnit.MILLISECONDS)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout(millis, TimeUnit.MILLISECONDS));
    // applied last: what the connection string sets explicitly wins over our defaults
    return builder.applyConnectionString(settings.connectionString()).build();
  }

  /** Returns the collection of entries named {@code name}. */
  private MongoCollection<BsonDocument> collection(String name) {
    return database.getCollection(name, BsonDocument.class);
  }

  /** Runs one operation, turning driver failures into a {@link StoreException}. */
  <T> T call(String operation, String cache, Supplier<T> work) {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
    try {
      return work.get();
    } catch (MongoException e) {
      throw failure(operation, cache, e);
    }
  }

  /** Returns the exception that reports a failed operation, with credentials redacted. */
  private StoreException failure(String operation, String cache, MongoException e) {
    boolean timedOut =
        e instanceof MongoTimeoutException || e instanceof MongoOperationTimeoutException;
    String detail = timedOut ? "no answer within the timeout of " + settings.timeout().toMillis()
        + " ms (" + e.getMessage() + ")" : e.getMessage();
    return new StoreException("MongoDB", operation, cache, redact(description), redact(detail),
        timedOut, e);
  }

  private String redact(String message) {
    char[] password = settings.connectionString().getPassword();
    if (password == null || password.length == 0) {
      return message;
    }
    return message.replace(new String(password), "*****");
  }

  /** Returns whether {@code e} reports a duplicate key (error 11000). */
  static boolean isDuplicateKey(MongoException e) {
    return e.getCode() == DUPLICATE_KEY
        || e instanceof MongoServerException se
            && ErrorCategory.fromErrorCode(se.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }

  @Override
  public Set<String> cacheNames() {
    return call("list caches", null, () -> {
      Set<String> names = new HashSet<>();
      for (BsonDocument d : registry.find().projection(Projections.include("_id"))) {
        names.add(d.getString("_id").getValue());
      }
      return names;
    });
  }

  @Override
  public String descriptor(String name) {
    return call("read cache", name, () -> {
      BsonDocument d = registry.find(Filters.eq("_id", name)).first();
      return d == null ? null : d.getString("descriptor").getValue();
    });
  }

  @Override
  public Store open(String name, String descriptor) {
    return open(name, descriptor, Budget.UNBOUNDED, n -> { });
  }

  /** Opens a cache, held within {@code budget} by a {@link MongoBudget} if it is bounded. */
  @Override
  public Store open(String name, String descriptor, Budget budget, LongConsumer evicted) {
    String collectionName = call("create cache", name, () -> {
      BsonDocument d = registry.findOneAndUpdate(Filters.eq("_id", name),
          new BsonDocument("$set", new BsonDocument("descriptor", new BsonString(descriptor))
              .append("updatedAt", new BsonDateTime(now())))
              .append("$setOnInsert", new BsonDocument("collection",
                  new BsonString(CollectionNames.of(name)))),
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
      return d.getString("collection").getValue();
    });
    MongoCollection<BsonDocument> entries = collection(collectionName);
    call("create TTL index", name, () -> ensureTtlIndex(entries));
    if (!budget.isBounded()) {
      return new MongoStore(this, name, entries, null);
    }
    MongoBudget bounded = new MongoBudget(this, name, budget, evicted, registry, entries);
    bounded.start();
    budgets.add(bounded);
    return new MongoStore(this, name, entries, bounded);
  }

  /**
   * Creates the TTL index, or changes its grace period if it exists with another one (dropping
   * and recreating it: not every server supports {@code collMod}, and some ignore conflicting
   * options instead of refusing them).
   */
  private Void ensureTtlIndex(MongoCollection<BsonDocument> entries) {
    BsonDocument keys = new BsonDocument(MongoDocuments.EXPIRES_AT, new BsonInt32(1));
    long grace = settings.graceSeconds();
    for (BsonDocument index : entries.listIndexes(BsonDocument.class)) {
      if (keys.equals(index.get("key"))) {
        BsonValue current = index.get("expireAfterSeconds");
        if (current != null && current.isNumber() && current.asNumber().longValue() == grace) {
          return null;
        }
        LOG.info("Changing the TTL grace of {} in {} to {} s", entries.getNamespace(),
            description, grace);
        entries.dropIndex(index.getString("name").getValue());
      }
    }
    entries.createIndex(keys, new IndexOptions().name(TTL_INDEX)
        .expireAfter(grace, TimeUnit.SECONDS));
    return null;
  }

  /**
   * Drops the cache's collection, then its registration: if the drop fails, the registration
   * stays, so that destroying again finds the collection.
   */
  @Override
  public void destroy(String name) {
    budgets.removeIf(b -> b.cache().equals(name));
    call("destroy cache", name, () -> {
      BsonDocument d = registry.find(Filters.eq("_id", name)).first();
      if (d != null) {
        collection(d.getString("collection").getValue()).drop();
        registry.deleteOne(Filters.eq("_id", name));
      }
      return null;
    });
  }

  /**
   * Deletes the entries that expired more than the grace period before {@code now}: what a real
   * server's TTL monitor does by itself, for servers that have none.
   */
  @Override
  public long purgeExpired(long now) {
    BsonDocument expired = new BsonDocument(MongoDocuments.EXPIRES_AT, new BsonDocument("$lte",
        new BsonDateTime(now - settings.ttlGrace().toMillis())));
    List<BsonDocument> caches = call("purge expired", null,
        () -> registry.find().into(new ArrayList<>()));
    long total = 0;
    for (BsonDocument d : caches) {
      String cache = d.getString("_id").getValue();
      String name = d.getString("collection").getValue();
      total += call("purge expired", cache,
          () -> collection(name).deleteMany(expired).getDeletedCount());
    }
    // the server's TTL monitor and this purge delete behind the totals' back; the recount also
    // takes in this process's pending changes (and bounds how long they stay pending)
    budgets.forEach(MongoBudget::recount);
    return total;
  }

  /** Returns how long one operation may take. */
  java.time.Duration timeout() {
    return settings.timeout();
  }

  /** Returns the time of the CacheManager's clock, in epoch milliseconds. */
  long now() {
    return settings.clock().millis();
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Adds the usage changes the bounded caches of this process still hold pending to their totals
   * (see {@link MongoBudget}), then closes the client if this storage created it; an
   * application's own client stays open.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    budgets.forEach(MongoBudget::flushQuietly);
    closed = true;
    if (ownsClient) {
      client.close();
    }
  }
}
