package io.jcachestores.store.mongo;

import static io.jcachestores.store.mongo.MongoDocuments.ACCESSED_AT;
import static io.jcachestores.store.mongo.MongoDocuments.EXPIRES_AT;
import static io.jcachestores.store.mongo.MongoDocuments.ID;
import static io.jcachestores.store.mongo.MongoDocuments.REFERENCED;
import static io.jcachestores.store.mongo.MongoDocuments.SIZE;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * How a MongoDB database holds one cache within its {@link Budget}.
 *
 * <p><b>Usage.</b> The cache's registry document holds {@code entries} and {@code bytes} (key +
 * value, the sum of the documents' {@code size} fields). Each write adds what it changed with one
 * {@code $inc}, knowing the old document's size from the write itself ({@code findOneAndReplace},
 * {@code findOneAndDelete}, or the compare-and-set's read), and gets the new totals back in the
 * same round trip: checking the budget costs one round trip per write. Deletions this library does
 * not see (the server's TTL monitor, a process killed between its write and its {@code $inc},
 * concurrent bulk writes) make the totals drift; every purge (the {@code purgeInterval} option)
 * recounts them with one aggregation (itself approximate while writers run).
 *
 * <p><b>Recency</b> is second chance (see {@link Budget}): every write sets {@code accessedAt}
 * (the CacheManager's clock), indexed so that eviction reads the least recent documents first; the
 * first hit on a document since then sets {@code referenced} (one small update; later hits write
 * nothing).
 *
 * <p><b>Eviction</b> follows the write that took the cache over its budget: expired documents
 * first, then from the oldest stamp on, referenced documents restamped and unmarked, the others
 * deleted (only if still unmarked and as old as when chosen), down to the budget's low-water
 * mark. One writer at a time
 * evicts, holding a lease in the registry document ({@code evictingUntil}, 30 s if it dies);
 * a writer that finds the cache over its budget while another holds the lease waits for it to end
 * and looks again. Readers can therefore see the cache over its budget by the writes between a
 * write and its eviction: about one entry per concurrently writing thread (a {@code putAll}: its
 * batch), in every process.
 */
final class MongoBudget {

  static final String ENTRIES = "entries";
  static final String BYTES = "bytes";
  private static final int EVICTION_BATCH = 256;
  /** The registry field holding until when one writer evicts. */
  private static final String EVICTING = "evictingUntil";
  /** How long an eviction lease lasts if its holder dies without releasing it. */
  private static final long LEASE_MILLIS = 30_000;
  private static final BsonDocument SIZE_ONLY = new BsonDocument(SIZE, new BsonInt32(1));
  private static final BsonDocument USAGE_FIELDS = new BsonDocument(ENTRIES, new BsonInt32(1))
      .append(BYTES, new BsonInt32(1));
  private static final BsonDocument CANDIDATE_FIELDS = new BsonDocument(SIZE, new BsonInt32(1))
      .append(ACCESSED_AT, new BsonInt32(1)).append(REFERENCED, new BsonInt32(1));
  private static final BsonDocument OLDEST_FIRST = new BsonDocument(ACCESSED_AT, new BsonInt32(1));
  private static final FindOneAndUpdateOptions AFTER = new FindOneAndUpdateOptions()
      .returnDocument(ReturnDocument.AFTER).projection(USAGE_FIELDS);

  private final MongoStorage storage;
  private final String cache;
  private final Budget budget;
  private final LongConsumer evicted;
  private final MongoCollection<BsonDocument> registry;
  private final MongoCollection<BsonDocument> entries;
  private final BsonDocument registration;

  MongoBudget(MongoStorage storage, String cache, Budget budget, LongConsumer evicted,
      MongoCollection<BsonDocument> registry, MongoCollection<BsonDocument> entries) {
    this.storage = storage;
    this.cache = cache;
    this.budget = budget;
    this.evicted = evicted;
    this.registry = registry;
    this.entries = entries;
    this.registration = new BsonDocument(ID, new BsonString(cache));
  }

  /**
   * Prepares the cache for its budget: the recency index, and, the first time, the documents of
   * an older version (which lack {@code size} and {@code accessedAt}) and the totals.
   */
  void start() {
    storage.call("create recency index", cache, () -> entries.createIndex(OLDEST_FIRST,
        new IndexOptions().name("accessedAt_recency")));
    BsonDocument counted = storage.call("read usage", cache,
        () -> registry.find(registration).projection(USAGE_FIELDS).first());
    if (counted == null || !counted.containsKey(ENTRIES)) {
      storage.call("migrate", cache, this::addSizes);
      recount();
    }
  }

  /** Gives every document without a size its size and an access stamp of 0 (the oldest). */
  private Void addSizes() {
    BsonDocument unsized = new BsonDocument(SIZE, new BsonDocument("$exists",
        BsonBoolean.FALSE));
    List<WriteModel<BsonDocument>> updates = new ArrayList<>();
    for (BsonDocument doc : entries.find(unsized)) {
      StoreEntry e = MongoDocuments.entry(doc);
      updates.add(new UpdateOneModel<>(new BsonDocument(ID, doc.get(ID)), new BsonDocument("$set",
          new BsonDocument(SIZE, new BsonInt64(Budget.sizeOf(e)))
              .append(ACCESSED_AT, new BsonDateTime(0)))));
      if (updates.size() == 1000) {
        entries.bulkWrite(updates);
        updates.clear();
      }
    }
    if (!updates.isEmpty()) {
      entries.bulkWrite(updates);
    }
    return null;
  }

  /** Sets the totals to what the documents hold now: one aggregation. */
  void recount() {
    storage.call("count usage", cache, () -> {
      BsonDocument group = new BsonDocument("$group", new BsonDocument(ID, BsonNull.VALUE)
          .append("n", new BsonDocument("$sum", new BsonInt32(1)))
          .append("b", new BsonDocument("$sum", new BsonString("$" + SIZE))));
      BsonDocument totals = entries.aggregate(List.of(group)).first();
      long n = totals == null ? 0 : totals.getNumber("n").longValue();
      long b = totals == null ? 0 : totals.getNumber("b").longValue();
      return registry.updateOne(registration, new BsonDocument("$set",
          new BsonDocument(ENTRIES, new BsonInt64(n)).append(BYTES, new BsonInt64(b))));
    });
  }

  /** Returns the name of the cache. */
  String cache() {
    return cache;
  }

  /** Returns the totals in the registry. */
  Usage usage() {
    BsonDocument doc = storage.call("read usage", cache,
        () -> registry.find(registration).projection(USAGE_FIELDS).first());
    return usageOf(doc);
  }

  private static Usage usageOf(BsonDocument doc) {
    if (doc == null || !doc.containsKey(ENTRIES)) {
      return Usage.NONE;
    }
    return new Usage(doc.getNumber(ENTRIES).longValue(), doc.getNumber(BYTES).longValue());
  }

  /** Returns the size a stored document records (0 if it records none). */
  static long sizeOf(BsonDocument doc) {
    BsonValue size = doc == null ? null : doc.get(SIZE);
    return size != null && size.isNumber() ? size.asNumber().longValue() : 0;
  }

  /** The projection that returns a replaced or deleted document's size. */
  static BsonDocument sizeOnly() {
    return SIZE_ONLY;
  }

  /**
   * Adds a write's change to the totals and, if they went over the budget, evicts; tells the
   * cache how many entries were evicted.
   */
  void written(long entriesAdded, long bytesAdded) {
    if (entriesAdded == 0 && bytesAdded == 0) {
      return;
    }
    BsonDocument totals = storage.call("count usage", cache, () -> registry.findOneAndUpdate(
        registration, new BsonDocument("$inc", new BsonDocument(ENTRIES,
            new BsonInt64(entriesAdded)).append(BYTES, new BsonInt64(bytesAdded))), AFTER));
    if (entriesAdded > 0 || bytesAdded > 0) {
      long n = evict(usageOf(totals));
      if (n > 0) {
        evicted.accept(n);
      }
    }
  }

  /** Adds the change of one document: {@code before} (or null) replaced by {@code after}. */
  void replaced(StoreEntry before, StoreEntry after) {
    written((after == null ? 0 : 1) - (before == null ? 0 : 1),
        (after == null ? 0 : Budget.sizeOf(after)) - (before == null ? 0 : Budget.sizeOf(before)));
  }

  /**
   * Evicts down to the low-water mark if {@code usage} is over the budget, holding the eviction
   * lease: two evictors choosing the same least recent documents could not tell which of them
   * each deleted. While another writer holds it, this one waits for it (at most the store's
   * timeout) and looks again, so that no writer leaves the cache over its budget behind it.
   */
  private long evict(Usage usage) {
    Usage excess = budget.excess(usage);
    long pause = 1;
    long giveUp = System.nanoTime() + storage.timeout().toNanos();
    while (!excess.isNone()) {
      long now = storage.now();
      BsonDateTime lease = new BsonDateTime(now + LEASE_MILLIS);
      BsonDocument free = registration.clone().append("$or", new BsonArray(List.of(
          new BsonDocument(EVICTING, new BsonDocument("$exists", BsonBoolean.FALSE)),
          new BsonDocument(EVICTING, new BsonDocument("$lt", new BsonDateTime(now))))));
      if (storage.call("evict", cache, () -> registry.findOneAndUpdate(free,
          new BsonDocument("$set", new BsonDocument(EVICTING, lease)))) != null) {
        try {
          return evictHoldingLease(excess, now);
        } finally {
          storage.call("evict", cache, () -> registry.updateOne(registration.clone()
              .append(EVICTING, lease), new BsonDocument("$unset", new BsonDocument(EVICTING,
              new BsonString("")))));
        }
      }
      if (System.nanoTime() - giveUp > 0 || !sleep(pause)) {
        return 0;
      }
      pause = Math.min(2 * pause, 50);
      excess = budget.excess(usage());
    }
    return 0;
  }

  /** Waits {@code millis}; false if interrupted (the interrupt is kept). */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private long evictHoldingLease(Usage excess, long now) {
    BsonDocument expired = new BsonDocument(EXPIRES_AT,
        new BsonDocument("$lte", new BsonDateTime(now)));
    excess = take(expired, null, now).left();
    long count = 0;
    while (!excess.isNone()) {
      Round round = take(new BsonDocument(), excess, now);
      if (round.deleted() == 0 && round.spared() == 0) {
        break;
      }
      count += round.deleted();
      excess = round.left();
    }
    return count;
  }

  /**
   * Takes documents matching {@code filter}, least recent first, until {@code excess} is freed
   * (null: deletes every one, expired documents being taken) or one batch is done. With an
   * excess, a referenced document gets a second chance (a new stamp, unmarked) instead; a chosen
   * one is deleted only if still unmarked and no more recent than when chosen. Returns what it did
   * and the excess left: what the totals exceed, when taking expired documents.
   */
  private Round take(BsonDocument filter, Usage excess, long now) {
    List<BsonDocument> candidates = storage.call("evict", cache, () -> entries.find(filter)
        .projection(CANDIDATE_FIELDS).sort(OLDEST_FIRST).limit(EVICTION_BATCH)
        .into(new ArrayList<>()));
    BsonArray victims = new BsonArray();
    BsonArray spared = new BsonArray();
    long bytes = 0;
    BsonValue newest = new BsonDateTime(0);
    Usage left = excess == null ? new Usage(Long.MAX_VALUE, Long.MAX_VALUE) : excess;
    for (BsonDocument d : candidates) {
      if (left.isNone()) {
        break;
      }
      if (excess != null && d.getBoolean(REFERENCED, BsonBoolean.FALSE).getValue()) {
        spared.add(d.get(ID));
        continue;
      }
      victims.add(d.get(ID));
      long size = sizeOf(d);
      bytes += size;
      left = left.minus(1, size);
      BsonValue stamp = d.get(ACCESSED_AT);
      if (stamp != null && stamp.isDateTime()) {
        newest = stamp;
      }
    }
    if (!spared.isEmpty()) {
      storage.call("evict", cache, () -> entries.updateMany(new BsonDocument(ID,
          new BsonDocument("$in", spared)), new BsonDocument("$set", new BsonDocument(ACCESSED_AT,
          new BsonDateTime(now))).append("$unset", new BsonDocument(REFERENCED,
          new BsonString("")))));
    }
    if (victims.isEmpty()) {
      return new Round(0, spared.size(), excess == null ? budget.excess(usage()) : excess);
    }
    BsonDocument chosen = new BsonDocument(ID, new BsonDocument("$in", victims));
    if (excess == null) {
      chosen.putAll(filter);
    } else {
      chosen.append(ACCESSED_AT, new BsonDocument("$lte", newest))
          .append(REFERENCED, new BsonDocument("$ne", BsonBoolean.TRUE));
    }
    long deleted = storage.call("evict", cache, () -> entries.deleteMany(chosen)
        .getDeletedCount());
    long freed = bytes;
    if (deleted != victims.size()) {
      // some were written, read or removed meanwhile: the chosen ones still there stayed
      freed = 0;
      Set<BsonValue> stayed = new HashSet<>();
      storage.call("evict", cache, () -> entries.find(new BsonDocument(ID,
          new BsonDocument("$in", victims))).projection(new BsonDocument(ID, new BsonInt32(1)))
          .map(d -> d.get(ID)).into(stayed));
      for (BsonDocument d : candidates) {
        if (victims.contains(d.get(ID)) && !stayed.contains(d.get(ID))) {
          freed += sizeOf(d);
        }
      }
    }
    long bytesFreed = freed;
    Usage after = usageOf(storage.call("count usage", cache, () -> registry.findOneAndUpdate(
        registration, new BsonDocument("$inc", new BsonDocument(ENTRIES,
            new BsonInt64(-deleted)).append(BYTES, new BsonInt64(-bytesFreed))), AFTER)));
    // writes of other threads that landed meanwhile, beyond the budget, go too
    Usage over = budget.excess(after);
    left = excess == null || !over.isNone() ? over : left;
    return new Round(deleted, spared.size(), left);
  }

  /**
   * After a hit on a document: marks it referenced unless it is already, so that the eviction
   * gives it a second chance.
   */
  void hit(BsonValue id, BsonValue referenced) {
    if (referenced == null || !referenced.isBoolean() || !referenced.asBoolean().getValue()) {
      // by _id alone: setting the mark twice is harmless, and a filter on it costs an index
      storage.call("get", cache, () -> entries.updateOne(new BsonDocument(ID, id),
          new BsonDocument("$set", new BsonDocument(REFERENCED, BsonBoolean.TRUE))));
    }
  }

  /** What one eviction round did: documents deleted, documents spared, what is left to free. */
  private record Round(long deleted, long spared, Usage left) {}
}
