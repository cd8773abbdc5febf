package io.jcachestores.store.mongo;

import static io.jcachestores.store.mongo.MongoDocuments.ACCESSED_AT;
import static io.jcachestores.store.mongo.MongoDocuments.EXPIRES_AT;
import static io.jcachestores.store.mongo.MongoDocuments.ID;
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
import java.util.List;
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
 * recounts them with one aggregation, and so does an eviction that finds the documents changed
 * under it.
 *
 * <p><b>Recency.</b> Every write sets {@code accessedAt} (the CacheManager's clock); an index on it
 * lets eviction read the least recent documents first. A hit rewrites it only when the document
 * is in the older half of the window from the cache's oldest stamp (read again by each
 * process after an eighth of the window has passed, and moved forward by this process's
 * evictions) to now: at most about once per half of the time an unread entry takes to be evicted.
 *
 * <p><b>Eviction</b> follows the write that took the cache over its budget: expired documents
 * first, then the least recent, down to the budget's low-water mark, each batch deleted only if
 * still as old as when it was chosen (a document written meanwhile stays). Between a write and its
 * eviction, readers can see the cache over its budget by the entries of the writes in flight: one
 * per concurrently writing thread (a {@code putAll}: its batch), in every process.
 */
final class MongoBudget {

  static final String ENTRIES = "entries";
  static final String BYTES = "bytes";
  private static final int EVICTION_BATCH = 256;
  private static final BsonDocument SIZE_ONLY = new BsonDocument(SIZE, new BsonInt32(1));
  private static final BsonDocument USAGE_FIELDS = new BsonDocument(ENTRIES, new BsonInt32(1))
      .append(BYTES, new BsonInt32(1));
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
  private volatile long oldest;
  /**
   * When {@link #oldest} is read again: after an eighth of the recency window, or if the clock went
   * back. An eviction of this process moves it forward at once.
   */
  private volatile long nextOldestRead = Long.MIN_VALUE;

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

  /** Evicts down to the low-water mark if {@code usage} is over the budget. */
  private long evict(Usage usage) {
    Usage excess = budget.excess(usage);
    if (excess.isNone()) {
      return 0;
    }
    long now = storage.now();
    BsonDocument expired = new BsonDocument(EXPIRES_AT,
        new BsonDocument("$lte", new BsonDateTime(now)));
    excess = deleteChosen(expired, expired, null).left();
    long count = 0;
    while (!excess.isNone()) {
      Round round = deleteChosen(new BsonDocument(), null, excess);
      if (round.deleted() == 0) {
        break;
      }
      count += round.deleted();
      excess = round.left();
    }
    return count;
  }

  /**
   * Deletes documents matching {@code filter}, least recent first, until {@code excess} is freed
   * (null: every one) or one batch is done; a chosen document is deleted only if it still matches
   * {@code recheck} (null: if it is not more recent than when chosen). Returns the number deleted
   * and the excess left: after deleting expired documents, what the recounted totals exceed.
   */
  private Round deleteChosen(BsonDocument filter, BsonDocument recheck, Usage excess) {
    List<BsonDocument> candidates = storage.call("evict", cache, () -> entries.find(filter)
        .projection(new BsonDocument(SIZE, new BsonInt32(1)).append(ACCESSED_AT, new BsonInt32(1)))
        .sort(OLDEST_FIRST).limit(EVICTION_BATCH).into(new ArrayList<>()));
    BsonArray ids = new BsonArray();
    long bytes = 0;
    BsonValue newest = new BsonDateTime(0);
    Usage left = excess == null ? new Usage(Long.MAX_VALUE, Long.MAX_VALUE) : excess;
    for (BsonDocument d : candidates) {
      if (left.isNone()) {
        break;
      }
      ids.add(d.get(ID));
      long size = sizeOf(d);
      bytes += size;
      left = left.minus(1, size);
      BsonValue stamp = d.get(ACCESSED_AT);
      if (stamp != null && stamp.isDateTime()) {
        newest = stamp;
      }
    }
    if (ids.isEmpty()) {
      return new Round(0, excess == null ? budget.excess(usage()) : excess);
    }
    BsonDocument chosen = new BsonDocument(ID, new BsonDocument("$in", ids));
    if (recheck != null) {
      chosen.putAll(recheck);
    } else {
      chosen.append(ACCESSED_AT, new BsonDocument("$lte", newest));
    }
    long deleted = storage.call("evict", cache, () -> entries.deleteMany(chosen)
        .getDeletedCount());
    if (recheck == null && newest.isDateTime()) {
      oldest = Math.max(oldest, newest.asDateTime().getValue());
    }
    if (deleted == ids.size()) {
      long freed = bytes;
      Usage after = usageOf(storage.call("count usage", cache, () -> registry.findOneAndUpdate(
          registration, new BsonDocument("$inc", new BsonDocument(ENTRIES,
              new BsonInt64(-deleted)).append(BYTES, new BsonInt64(-freed))), AFTER)));
      left = excess == null ? budget.excess(after) : left;
    } else {
      recount();
      left = budget.excess(usage());
    }
    return new Round(deleted, left);
  }

  /**
   * After a hit on a document stamped {@code stamp}: rewrites the stamp if the document is in the
   * older half of the cache's recency window.
   */
  void hit(BsonValue id, BsonValue stamp) {
    long now = storage.now();
    long at = stamp != null && stamp.isDateTime() ? stamp.asDateTime().getValue() : 0;
    if (now >= nextOldestRead || now < oldest) {
      BsonDocument first = storage.call("get", cache, () -> entries.find()
          .projection(new BsonDocument(ACCESSED_AT, new BsonInt32(1))).sort(OLDEST_FIRST)
          .limit(1).first());
      BsonValue s = first == null ? null : first.get(ACCESSED_AT);
      oldest = s != null && s.isDateTime() ? s.asDateTime().getValue() : 0;
      nextOldestRead = now + Math.max(1, (now - oldest) / 8);
    }
    if (Budget.refreshes(at, oldest, now)) {
      storage.call("get", cache, () -> entries.updateOne(new BsonDocument(ID, id)
          .append(ACCESSED_AT, new BsonDocument("$lt", new BsonDateTime(now))),
          new BsonDocument("$set", new BsonDocument(ACCESSED_AT, new BsonDateTime(now)))));
    }
  }

  /** What one eviction round did: how many documents it deleted, and what is left to free. */
  private record Round(long deleted, Usage left) {}
}
