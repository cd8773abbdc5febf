package io.jcachestores.store.mongo;

import static io.jcachestores.store.mongo.MongoDocuments.ENTRY_FIELDS;
import static io.jcachestores.store.mongo.MongoDocuments.ID;
import static io.jcachestores.store.mongo.MongoDocuments.REFERENCED;
import static io.jcachestores.store.mongo.MongoDocuments.VERSION;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.WriteModel;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Increment;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The entries of one cache: one document per entry (see {@link MongoDocuments}) in one
 * collection.
 *
 * <p>Every operation is a single-document command or one bulk command; nothing needs a
 * transaction. {@link #compute} is an optimistic compare-and-set on the {@code version} field:
 * it reads the document, runs the remapping, and writes only if the version is still the one it
 * read (an insert fails with a duplicate key if another writer inserted first); otherwise it
 * reads again and retries. It loops until it succeeds: every failed attempt means another
 * writer's succeeded, so the whole system always makes progress, and each round trip is bounded
 * by the timeout.
 */
final class MongoStore implements Store {

  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
  private static final FindOneAndReplaceOptions REPLACE_RETURNING_SIZE =
      new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
          .projection(MongoBudget.sizeOnly());
  private static final FindOneAndDeleteOptions DELETE_RETURNING_SIZE =
      new FindOneAndDeleteOptions().projection(MongoBudget.sizeOnly());
  private static final BsonDocument ENTRY_FIELDS_AND_REFERENCE =
      ENTRY_FIELDS.clone().append(REFERENCED, new BsonInt32(1));
  /** Stands for "no document was replaced" in {@link #put}. */
  private static final BsonDocument NOTHING = new BsonDocument();

  /** {@code _id} types in the order of MongoDB's sort, for paging through each in turn. */
  private static final List<String> ID_TYPES = List.of("long", "string", "binData", "bool");
  private static final BsonDocument BY_ID = new BsonDocument(ID, new BsonInt32(1));

  private final MongoStorage storage;
  private final String cache;
  private final MongoCollection<BsonDocument> entries;
  /** Null for an unbounded cache. */
  private final MongoBudget budget;

  MongoStore(MongoStorage storage, String cache, MongoCollection<BsonDocument> entries,
      MongoBudget budget) {
    this.storage = storage;
    this.cache = cache;
    this.entries = entries;
    this.budget = budget;
  }

  @Override
  public StoreEntry get(byte[] key) {
    if (budget != null) {
      return getRecording(key);
    }
    return storage.call("get", cache, () -> {
      BsonDocument doc = find(MongoDocuments.byId(key));
      return doc == null ? null : MongoDocuments.entry(doc);
    });
  }

  /** Reads an entry of a bounded cache, marking it referenced if it is not yet. */
  private StoreEntry getRecording(byte[] key) {
    BsonDocument byId = MongoDocuments.byId(key);
    BsonDocument doc = storage.call("get", cache, () -> entries.find(byId)
        .projection(ENTRY_FIELDS_AND_REFERENCE).first());
    if (doc == null) {
      return null;
    }
    budget.hit(doc.get(ID), doc.get(REFERENCED));
    return MongoDocuments.entry(doc);
  }

  /** Returns the entry fields of the document {@code byId} selects, or null if there is none. */
  private BsonDocument find(BsonDocument byId) {
    return entries.find(byId).projection(ENTRY_FIELDS).first();
  }

  @Override
  public List<StoreEntry> getAll(Collection<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return storage.call("getAll", cache, () -> {
      List<StoreEntry> found = new ArrayList<>(keys.size());
      for (BsonDocument doc : entries.find(idIn(keys)).projection(ENTRY_FIELDS).batchSize(Math.max(2, keys.size()))) {
        found.add(MongoDocuments.entry(doc));
      }
      return found;
    });
  }

  private static BsonDocument idIn(Collection<byte[]> keys) {
    BsonArray ids = new BsonArray(keys.size());
    for (byte[] key : keys) {
      ids.add(MongoDocuments.id(key));
    }
    return new BsonDocument(ID, new BsonDocument("$in", ids));
  }

  @Override
  public void put(StoreEntry entry) {
    MongoDocuments.checkSize(entry, cache);
    BsonDocument replaced = storage.call("put", cache, () -> {
      BsonDocument filter = MongoDocuments.byId(entry.key());
      BsonDocument document = MongoDocuments.document(entry, MongoDocuments.freshVersion(),
          storage.now());
      for (;;) {
        try {
          if (budget == null) {
            entries.replaceOne(filter, document, UPSERT);
            return null;
          }
          // the old document's size, for the cache's totals; an empty one if there was none
          BsonDocument old = entries.findOneAndReplace(filter, document, REPLACE_RETURNING_SIZE);
          return old == null ? NOTHING : old;
        } catch (MongoException e) {
          if (!MongoStorage.isDuplicateKey(e)) {
            throw e;
          }
          // two upserts raced to insert the same key: the next attempt updates the winner's
        }
      }
    });
    if (replaced != null) {
      budget.written(replaced == NOTHING ? 1 : 0,
          Budget.sizeOf(entry) - MongoBudget.sizeOf(replaced));
    }
  }

  @Override
  public void putAll(Collection<StoreEntry> all) {
    if (all.isEmpty()) {
      return;
    }
    all.forEach(e -> MongoDocuments.checkSize(e, cache));
    Map<BsonValue, Long> before = budget == null ? null : sizes(all.stream()
        .map(StoreEntry::key).toList());
    storage.call("putAll", cache, () -> {
      long now = storage.now();
      List<WriteModel<BsonDocument>> writes = new ArrayList<>(all.size());
      for (StoreEntry e : all) {
        writes.add(new ReplaceOneModel<>(MongoDocuments.byId(e.key()),
            MongoDocuments.document(e, MongoDocuments.freshVersion(), now), UPSERT));
      }
      for (;;) {
        try {
          return entries.bulkWrite(writes, UNORDERED);
        } catch (MongoBulkWriteException e) {
          writes = retryable(writes, e);
        }
      }
    });
    if (budget != null) {
      long bytes = 0;
      for (StoreEntry e : all) {
        bytes += Budget.sizeOf(e);
      }
      budget.written(all.size() - before.size(), bytes - sum(before));
    }
  }

  /**
   * Returns the recorded sizes of the documents of {@code keys} that exist (a bounded cache's
   * bulk writes count from them: approximate when another writer changes them meanwhile, which
   * the next recount corrects).
   */
  private Map<BsonValue, Long> sizes(Collection<byte[]> keys) {
    return storage.call("read sizes", cache, () -> {
      Map<BsonValue, Long> sizes = new HashMap<>();
      for (BsonDocument d : entries.find(idIn(keys)).projection(MongoBudget.sizeOnly())) {
        sizes.put(d.get(ID), MongoBudget.sizeOf(d));
      }
      return sizes;
    });
  }

  private static long sum(Map<BsonValue, Long> sizes) {
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Returns the writes of a bulk write that failed only on raced upserts; rethrows otherwise. */
  private static List<WriteModel<BsonDocument>> retryable(List<WriteModel<BsonDocument>> writes,
      MongoBulkWriteException e) {
    List<WriteModel<BsonDocument>> again = new ArrayList<>();
    for (BulkWriteError error : e.getWriteErrors()) {
      if (error.getCode() != 11000) {
        throw e;
      }
      again.add(writes.get(error.getIndex()));
    }
    if (again.isEmpty() || e.getWriteConcernError() != null) {
      throw e;
    }
    return again;
  }

  @Override
  public boolean remove(byte[] key) {
    if (budget == null) {
      return storage.call("remove", cache,
          () -> entries.deleteOne(MongoDocuments.byId(key)).getDeletedCount() > 0);
    }
    BsonDocument deleted = storage.call("remove", cache, () -> entries.findOneAndDelete(
        MongoDocuments.byId(key), DELETE_RETURNING_SIZE));
    if (deleted != null) {
      budget.written(-1, -MongoBudget.sizeOf(deleted));
    }
    return deleted != null;
  }

  @Override
  public void removeAll(Collection<byte[]> keys) {
    if (keys.isEmpty()) {
      return;
    }
    Map<BsonValue, Long> before = budget == null ? null : sizes(keys);
    long deleted = storage.call("removeAll", cache,
        () -> entries.deleteMany(idIn(keys)).getDeletedCount());
    if (budget != null) {
      budget.written(-deleted, -sum(before));
    }
  }

  /** Deletes every document; the collection and its indexes stay. */
  @Override
  public void clear() {
    storage.call("clear", cache, () -> entries.deleteMany(new BsonDocument()));
    if (budget != null) {
      budget.recount();
    }
  }

  @Override
  public Optional<Usage> usage() {
    return budget == null ? Optional.empty() : Optional.of(budget.usage());
  }

  @Override
  public OptionalLong count() {
    return OptionalLong.of(storage.call("count", cache, () -> entries.countDocuments()));
  }

  @Override
  public StoreEntry compute(byte[] key, UnaryOperator<StoreEntry> remapping) {
    BsonDocument byId = MongoDocuments.byId(key);
    for (;;) {
      BsonDocument doc = storage.call("compute", cache, () -> find(byId));
      StoreEntry current = doc == null ? null : MongoDocuments.entry(doc);
      StoreEntry next = remapping.apply(current);
      if (next == current) {
        return current;
      }
      if (next != null) {
        MongoDocuments.checkSize(next, cache);
      }
      if (storage.call("compute", cache, () -> write(byId, doc, next))) {
        if (budget != null) {
          budget.replaced(current, next);
        }
        return next;
      }
    }
  }

  /**
   * Writes {@code next} over the document read as {@code read}, if it is still there unchanged;
   * returns false if another writer got there first.
   */
  private boolean write(BsonDocument byId, BsonDocument read, StoreEntry next) {
    long now = storage.now();
    if (read == null) {
      if (next == null) {
        return true;
      }
      try {
        entries.insertOne(MongoDocuments.document(next, MongoDocuments.freshVersion(), now));
        return true;
      } catch (MongoException e) {
        if (MongoStorage.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    }
    BsonValue version = MongoDocuments.version(read);
    BsonDocument sameVersion = byId.clone().append(VERSION, version);
    if (next == null) {
      return entries.deleteOne(sameVersion).getDeletedCount() == 1;
    }
    return entries.replaceOne(sameVersion,
        MongoDocuments.document(next, MongoDocuments.freshVersion(), now))
        .getMatchedCount() == 1;
  }

  /**
   * Adds to a live counter in one round trip: {@code findOneAndUpdate} with {@code $inc}, on a
   * filter that selects the document only if it is live and its value a 64-bit number that the
   * sum cannot overflow. Anything else (no document, an expired one, another value, an overflow)
   * takes the default path, a compare-and-set, which creates the counter or tells the caller.
   *
   * <p>The conditions must stay in the filter: an update pipeline could test them inside the
   * update, but mongo-java-server (the test server) rejects pipelines. MongoDB resolves
   * {@code _id} plus conditions through the {@code _id} index; mongo-java-server 1.47.0 uses its
   * index only for a filter on {@code _id} alone and otherwise tests the documents one by one up
   * to the match, so there an increment slows with the collection's size (as the compare-and-set
   * write of {@code invoke} and {@link #touch} do, over the whole collection).
   * {@code MongoFilterBenchmark} measures it. A bounded cache always takes the default path,
   * whose sizes keep its totals exact.
   */
  @Override
  public Increment.Result increment(byte[] key, Increment increment) {
    if (budget != null) {
      // a bounded cache's totals need the old and new sizes: the compare-and-set knows them
      return Store.super.increment(key, increment);
    }
    BsonDocument filter = live(key, increment.now()).append(MongoDocuments.VALUE,
        new BsonDocument("$type", new BsonString("long"))
            .append("$gte", new BsonInt64(increment.lowestOperand()))
            .append("$lte", new BsonInt64(increment.highestOperand())));
    BsonDocument update = new BsonDocument("$inc",
        new BsonDocument(MongoDocuments.VALUE, new BsonInt64(increment.delta())));
    BsonDocument set = stamp();
    if (increment.expiresIfUpdated() != Increment.KEEP) {
      setExpiry(update, set, increment.expiresIfUpdated());
    }
    update.append("$set", set);
    BsonDocument before = storage.call("increment", cache, () -> entries.findOneAndUpdate(
        filter, update, new FindOneAndUpdateOptions().projection(ENTRY_FIELDS)));
    if (before == null) {
      return Store.super.increment(key, increment);
    }
    StoreEntry old = MongoDocuments.entry(before);
    long sum = (Long) ReadableForm.of(old.value()) + increment.delta();
    return new Increment.Result(old, old.with(ReadableForm.bytes(sum),
        increment.updatedExpiry(old.expiresAt())));
  }

  /**
   * Sets a live entry's expiry time with one conditional update: an {@code updateOne}, since
   * nothing needs to come back (on mongo-java-server it tests every document, see
   * {@link #increment}).
   */
  @Override
  public boolean touch(byte[] key, long now, long expiresAt) {
    BsonDocument update = new BsonDocument();
    BsonDocument set = stamp();
    setExpiry(update, set, expiresAt);
    update.append("$set", set);
    return storage.call("touch", cache,
        () -> entries.updateOne(live(key, now), update).getMatchedCount() == 1);
  }

  /** Returns the filter selecting the document of {@code key} if it is live at {@code now}. */
  private static BsonDocument live(byte[] key, long now) {
    String expiresAt = MongoDocuments.EXPIRES_AT;
    BsonArray liveOrEternal = new BsonArray(List.of(
        new BsonDocument(expiresAt, new BsonDocument("$exists", BsonBoolean.FALSE)),
        new BsonDocument(expiresAt, new BsonDocument("$gt", new BsonDateTime(now)))));
    return MongoDocuments.byId(key).append("$or", liveOrEternal);
  }

  /** Returns the {@code $set} of every write: a fresh version and the time of writing. */
  private BsonDocument stamp() {
    return new BsonDocument(VERSION, new BsonInt64(MongoDocuments.freshVersion()))
        .append(MongoDocuments.UPDATED_AT, new BsonDateTime(storage.now()));
  }

  /** Adds the expiry time {@code expiresAt} to an update ({@code $unset} for never). */
  private static void setExpiry(BsonDocument update, BsonDocument set, long expiresAt) {
    if (expiresAt == StoreEntry.NEVER) {
      update.append("$unset", new BsonDocument(MongoDocuments.EXPIRES_AT, new BsonString("")));
    } else {
      set.append(MongoDocuments.EXPIRES_AT, new BsonDateTime(expiresAt));
    }
  }

  @Override
  public Iterator<StoreEntry> iterator(int pageSize) {
    return new PageIterator(pageSize);
  }

  /**
   * Reads entries in {@code _id} order, one query per page, resuming after the last {@code _id}
   * read. MongoDB compares {@code $gt} only within one BSON type, so the iterator pages through
   * each {@code _id} type in turn.
   */
  private final class PageIterator implements Iterator<StoreEntry> {
    private final int pageSize;
    private int type;
    private BsonValue after;
    private List<BsonDocument> page = List.of();
    private int index;

    PageIterator(int pageSize) {
      this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
      while (index >= page.size()) {
        if (type >= ID_TYPES.size()) {
          return false;
        }
        BsonDocument condition = new BsonDocument("$type", new BsonString(ID_TYPES.get(type)));
        if (after != null) {
          condition.append("$gt", after);
        }
        page = storage.call("iterate", cache, () -> entries.find(new BsonDocument(ID, condition))
            .projection(ENTRY_FIELDS).sort(BY_ID).limit(pageSize).batchSize(pageSize)
            .into(new ArrayList<>(pageSize)));
        index = 0;
        if (page.size() < pageSize) {
          type++;
          after = null;
        } else {
          after = page.get(page.size() - 1).get(ID);
        }
      }
      return true;
    }

    @Override
    public StoreEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return MongoDocuments.entry(page.get(index++));
    }
  }
}
