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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a MongoDB database holds one cache within its {@link Budget}.
 *
 * <p><b>Usage.</b> The cache's registry document holds {@code entries} and {@code bytes} (key +
 * value, the sum of the documents' {@code size} fields). A write learns what it changed from the
 * write itself (the old document's size: {@code findOneAndReplace}, {@code findOneAndDelete}, or
 * the compare-and-set's read) and adds it to this process's <em>pending</em> change, kept in
 * memory. The pending change goes to the registry with one {@code $inc} (returning the new
 * totals) only when it reaches a {@linkplain #SHARE share} of a bound (a 64th of
 * {@code maxEntries} or of {@code maxBytes}), or when the totals this process last saw plus its
 * pending change exceed the budget. Below the budget a write is therefore one round trip, as in
 * an unbounded cache. The pending change is also added when the storage closes, at every purge,
 * and when {@link #usage} is asked (so that a caller sees what this process wrote).
 *
 * <p><b>Overshoot.</b> At any moment the documents hold the registry totals plus every process's
 * pending change. The registry is over the budget only between the {@code $inc} that took it
 * over and the eviction that follows; each pending change is below one share, plus the write of
 * each thread between its write and its {@code $inc}. So readers can see the cache over its
 * budget, on each bound, by at most one share (a 64th of the bound) per process writing it, plus
 * one entry per concurrently writing thread (a {@code putAll}: its batch). A process writing
 * alone knows the exact totals and adds them at the write that goes over, so only the
 * per-thread term remains.
 *
 * <p><b>Drift.</b> Deletions this library does not see (the server's TTL monitor, a process killed
 * with a pending change or between its write and its {@code $inc}, a recount while another
 * process holds a pending change, concurrent bulk writes) make the totals drift; every purge (the
 * {@code purgeInterval} option) recounts them with one aggregation (itself approximate while
 * writers run). A recount drops this process's pending change, which it counts.
 *
 * <p><b>Recency</b> is second chance (see {@link Budget}): every write sets {@code accessedAt}
 * (the CacheManager's clock), indexed so that eviction reads the least recent documents first; the
 * first hit on a document since then sets {@code referenced} (one small update by {@code _id};
 * later hits write nothing).
 *
 * <p><b>Eviction</b> follows the {@code $inc} that took the cache over its budget: expired
 * documents first, then from the oldest stamp on, referenced documents restamped and unmarked, the
 * others deleted, down to the budget's low-water mark. One query reads as many candidates as the
 * excess needs (estimated from the average size for a byte budget); the chosen ones are deleted by
 * chunks of {@code _id}s, by {@code _id} alone. So a document read or rewritten in the moment
 * between that query and its deletion (one round trip) is evicted anyway, losing its second
 * chance: any entry may leave a cache, and a condition beyond {@code _id} would cost a pass over
 * the whole collection per chunk on mongo-java-server (below). One writer at a time evicts,
 * holding a lease in the registry document ({@code evictingUntil}, 30 s if it dies); a writer that
 * finds the cache over its budget while another holds the lease waits for it to end and looks
 * again.
 *
 * <p><b>On mongo-java-server</b> (the test server), which uses an index only for a filter on
 * {@code _id} alone ({@code $in} included) and otherwise tests every document, the eviction's
 * deletions and restamps go by {@code _id} alone, and the deletion of expired documents puts its
 * expiry condition before the {@code _id} list: conditions are tested in the order written, and a
 * list of ids tested against every document cost an eviction seconds. A real MongoDB answers all
 * of them through the {@code _id} index.
 */
final class MongoBudget {

  private static final Logger LOG = LoggerFactory.getLogger(MongoBudget.class);
  /** A process adds its pending change to the registry once it reaches 1/SHARE of a bound. */
  static final int SHARE = 64;
  static final String ENTRIES = "entries";
  static final String BYTES = "bytes";
  /** The most candidates one eviction query reads. */
  private static final int MOST_CANDIDATES = 4096;
  /** The most ids one deletion names, keeping each command small. */
  private static final int DELETE_CHUNK = 256;
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
  private final long entryShare;
  private final long byteShare;
  /** What this process's writes changed that the registry totals do not hold yet. */
  private final AtomicLong pendingEntries = new AtomicLong();
  private final AtomicLong pendingBytes = new AtomicLong();
  /** The registry totals as this process last saw them. */
  private volatile Usage known = Usage.NONE;

  MongoBudget(MongoStorage storage, String cache, Budget budget, LongConsumer evicted,
      MongoCollection<BsonDocument> registry, MongoCollection<BsonDocument> entries) {
    this.storage = storage;
    this.cache = cache;
    this.budget = budget;
    this.evicted = evicted;
    this.registry = registry;
    this.entries = entries;
    this.registration = new BsonDocument(ID, new BsonString(cache));
    this.entryShare = share(budget.maxEntries());
    this.byteShare = share(budget.maxBytes());
  }

  private static long share(long bound) {
    return bound == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, bound / SHARE);
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
    } else {
      known = usageOf(counted);
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

  /**
   * Sets the totals to what the documents hold now (one aggregation), dropping this process's
   * pending change, which the documents already hold. If they are over the budget, the next
   * write of this process evicts.
   */
  void recount() {
    pendingEntries.set(0);
    pendingBytes.set(0);
    storage.call("count usage", cache, () -> {
      BsonDocument group = new BsonDocument("$group", new BsonDocument(ID, BsonNull.VALUE)
          .append("n", new BsonDocument("$sum", new BsonInt32(1)))
          .append("b", new BsonDocument("$sum", new BsonString("$" + SIZE))));
      BsonDocument totals = entries.aggregate(List.of(group)).first();
      long n = totals == null ? 0 : totals.getNumber("n").longValue();
      long b = totals == null ? 0 : totals.getNumber("b").longValue();
      known = new Usage(n, b);
      return registry.updateOne(registration, new BsonDocument("$set",
          new BsonDocument(ENTRIES, new BsonInt64(n)).append(BYTES, new BsonInt64(b))));
    });
  }

  /** Returns the name of the cache. */
  String cache() {
    return cache;
  }

  /**
   * Returns the totals in the registry after adding this process's pending change to them (and
   * evicting, if that takes them over the budget).
   */
  Usage usage() {
    flush();
    return readTotals();
  }

  /** Returns the totals in the registry, one read. */
  private Usage readTotals() {
    BsonDocument doc = storage.call("read usage", cache,
        () -> registry.find(registration).projection(USAGE_FIELDS).first());
    known = usageOf(doc);
    return known;
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
   * Adds a write's change to this process's pending change; if that reaches a share of a bound,
   * or would take the totals last seen over the budget, adds it to the registry and evicts if
   * needed (telling the cache how many entries were evicted). Below the budget this sends
   * nothing.
   */
  void written(long entriesAdded, long bytesAdded) {
    if (entriesAdded == 0 && bytesAdded == 0) {
      return;
    }
    long e = pendingEntries.addAndGet(entriesAdded);
    long b = pendingBytes.addAndGet(bytesAdded);
    if (Math.abs(e) < entryShare && Math.abs(b) < byteShare
        && budget.excess(known.minus(-e, -b)).isNone()) {
      return;
    }
    flush();
  }

  /** Adds the change of one document: {@code before} (or null) replaced by {@code after}. */
  void replaced(StoreEntry before, StoreEntry after) {
    written((after == null ? 0 : 1) - (before == null ? 0 : 1),
        (after == null ? 0 : Budget.sizeOf(after)) - (before == null ? 0 : Budget.sizeOf(before)));
  }

  /**
   * Adds this process's pending change to the registry totals with one {@code $inc} (if there is
   * one), then evicts if they are over the budget. If the {@code $inc} fails, the change stays
   * pending.
   */
  void flush() {
    long e = pendingEntries.getAndSet(0);
    long b = pendingBytes.getAndSet(0);
    if (e == 0 && b == 0) {
      return;
    }
    Usage totals;
    try {
      totals = add(e, b);
    } catch (RuntimeException failed) {
      pendingEntries.addAndGet(e);
      pendingBytes.addAndGet(b);
      throw failed;
    }
    long n = evict(totals);
    if (n > 0) {
      evicted.accept(n);
    }
  }

  /** Adds what the storage closing still holds pending, logging instead of failing. */
  void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("Could not add the pending usage of cache {} (the next purge recounts it): {}",
          cache, e.toString());
    }
  }

  /** Adds {@code entries} and {@code bytes} to the registry totals; returns the new totals. */
  private Usage add(long entriesAdded, long bytesAdded) {
    known = usageOf(storage.call("count usage", cache, () -> registry.findOneAndUpdate(
        registration, new BsonDocument("$inc", new BsonDocument(ENTRIES,
            new BsonInt64(entriesAdded)).append(BYTES, new BsonInt64(bytesAdded))), AFTER)));
    return known;
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
      excess = budget.excess(readTotals());
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
    // expired documents go first, in any order: a real server finds them through the TTL index
    BsonDocument expired = new BsonDocument(EXPIRES_AT,
        new BsonDocument("$lte", new BsonDateTime(now)));
    excess = take(expired, excess, now).left();
    long count = 0;
    while (!excess.isNone()) {
      Round round = take(null, excess, now);
      if (round.deleted() == 0 && round.spared() == 0) {
        break;
      }
      count += round.deleted();
      excess = round.left();
    }
    return count;
  }

  /**
   * Takes, with {@code expired} null, the least recent documents until {@code excess} is freed, in
   * one query of enough candidates: a referenced document gets a second chance (a new stamp,
   * unmarked) instead. With {@code expired}, deletes one batch of the documents it matches (not
   * evictions). Returns what it did and the excess left.
   */
  private Round take(BsonDocument expired, Usage excess, long now) {
    boolean evicting = expired == null;
    int limit = evicting ? candidatesFor(excess) : MOST_CANDIDATES;
    List<BsonDocument> candidates = storage.call("evict", cache, () -> {
      var found = entries.find(evicting ? new BsonDocument() : expired)
          .projection(CANDIDATE_FIELDS).limit(limit).batchSize(limit);
      return (evicting ? found.sort(OLDEST_FIRST) : found).into(new ArrayList<>(limit));
    });
    List<BsonDocument> victims = new ArrayList<>();
    BsonArray spared = new BsonArray();
    Usage left = excess;
    for (BsonDocument d : candidates) {
      if (evicting && left.isNone()) {
        break;
      }
      if (evicting && d.getBoolean(REFERENCED, BsonBoolean.FALSE).getValue()) {
        spared.add(d.get(ID));
        continue;
      }
      victims.add(d);
      left = left.minus(1, sizeOf(d));
    }
    if (!spared.isEmpty()) {
      storage.call("evict", cache, () -> entries.updateMany(new BsonDocument(ID,
          new BsonDocument("$in", spared)), new BsonDocument("$set", new BsonDocument(ACCESSED_AT,
          new BsonDateTime(now))).append("$unset", new BsonDocument(REFERENCED,
          new BsonString("")))));
    }
    if (victims.isEmpty()) {
      return new Round(0, spared.size(), excess);
    }
    long deleted = 0;
    long freed = 0;
    for (int i = 0; i < victims.size(); i += DELETE_CHUNK) {
      List<BsonDocument> chunk = victims.subList(i, Math.min(victims.size(), i + DELETE_CHUNK));
      long[] done = delete(chunk, evicting ? null : expired.clone());
      deleted += done[0];
      freed += done[1];
    }
    Usage over = budget.excess(add(-deleted, -freed));
    // writes of other threads that landed meanwhile, beyond the budget, go too
    return new Round(evicting ? deleted : 0, spared.size(),
        !evicting || !over.isNone() ? over : left);
  }

  /**
   * Returns how many candidates the eviction of {@code excess} reads: the entries over, or the
   * bytes over divided by the average size, plus a quarter for referenced ones spared.
   */
  private int candidatesFor(Usage excess) {
    long n = excess.entries();
    if (excess.bytes() > 0) {
      Usage totals = known;
      long average = totals.entries() > 0 ? Math.max(1, totals.bytes() / totals.entries()) : 1;
      n = Math.max(n, (excess.bytes() + average - 1) / average);
    }
    return (int) Math.min(MOST_CANDIDATES, Math.max(16, n + n / 4));
  }

  /**
   * Deletes {@code chosen}: by {@code _id} alone when evicting ({@code condition} null), else
   * those that still match {@code condition}. Returns how many it deleted and their bytes (shared
   * out evenly when fewer went than were chosen: another writer removed or rewrote some meanwhile,
   * counting its own change; the next recount corrects the difference).
   */
  private long[] delete(List<BsonDocument> chosen, BsonDocument condition) {
    BsonArray ids = new BsonArray(chosen.size());
    long bytes = 0;
    for (BsonDocument d : chosen) {
      ids.add(d.get(ID));
      bytes += sizeOf(d);
    }
    BsonDocument byIds = new BsonDocument(ID, new BsonDocument("$in", ids));
    // the condition before the ids: mongo-java-server tests them in this order (see above)
    BsonDocument filter = condition == null ? byIds : condition.append(ID, byIds.get(ID));
    long deleted = storage.call("evict", cache, () -> entries.deleteMany(filter)
        .getDeletedCount());
    return new long[] {deleted, deleted == chosen.size() ? bytes : bytes * deleted / chosen.size()};
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
