package io.jcachestores.store.mongo;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.StoreEntry;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.CacheException;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * The document of one entry, and its readable fields.
 *
 * <pre>
 * { _id: "user:42",                  // the key: a string, a 64-bit number, a boolean, or binary
 *   value: "Ada",                    // a string, number or boolean as such; a map or list as a
 *                                    // subdocument or array; binary otherwise
 *   expiresAt: ISODate("..."),       // absent for an eternal entry; the TTL index's field
 *   version: NumberLong(-41392...),  // a fresh random number on every write; CAS filters on it
 *   updatedAt: ISODate("..."),       // when the entry was last written
 *   size: NumberLong(1234),          // bytes of the key and value (what budgets count)
 *   accessedAt: ISODate("...") }     // recency: last written or given a second chance
 *                                    // (and referenced: true once read; see MongoBudget)
 * </pre>
 *
 * <p>Keys and values keep their exact bytes: a readable form is used only when it encodes back
 * to the very same bytes ({@link ReadableForm}). {@code _id} is native only for String,
 * Long and Boolean keys: MongoDB's {@code _id} index compares numbers by value whatever their
 * BSON type, so an Integer 1, a Long 1 and a Double 1.0 would share one {@code _id}; Integer,
 * Double and all other keys are therefore stored as BSON binary of their encoded bytes.
 */
final class MongoDocuments {

  static final String ID = "_id";
  static final String VALUE = "value";
  static final String EXPIRES_AT = "expiresAt";
  static final String VERSION = "version";
  static final String UPDATED_AT = "updatedAt";
  static final String SIZE = "size";
  static final String ACCESSED_AT = "accessedAt";
  static final String REFERENCED = "referenced";

  /**
   * The fields an entry is read with. Besides sparing {@code updatedAt}, a projection makes
   * mongo-java-server copy each document under its collection lock: without one it returns the
   * live document and serializes it after the lock is released, so a concurrent update can be
   * seen half done (a new version with the old value), which would let a compare-and-set on that
   * version lose an update. Real servers read documents atomically either way.
   */
  static final BsonDocument ENTRY_FIELDS = new BsonDocument(ID, new BsonInt32(1))
      .append(VALUE, new BsonInt32(1)).append(EXPIRES_AT, new BsonInt32(1))
      .append(VERSION, new BsonInt32(1));

  /** MongoDB's maximum document size (16 MiB). */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
  /** Documents whose key and value bytes are below this need no exact size computation. */
  private static final int SURELY_FITS = MAX_DOCUMENT_BYTES - 64 * 1024;

  private MongoDocuments() {}

  /** Returns the {@code _id} of a key. */
  static BsonValue id(byte[] key) {
    Object readable = ReadableForm.of(key);
    if (readable instanceof String || readable instanceof Long || readable instanceof Boolean) {
      return MongoTrees.bson(readable);
    }
    return new BsonBinary(key);
  }

  /** Returns the {@code value} field of a value. */
  static BsonValue value(byte[] value) {
    Object readable = ReadableForm.of(value);
    if (readable != null) {
      return MongoTrees.bson(readable);
    }
    return new BsonBinary(value);
  }

  /** Returns the exact bytes a stored {@code _id} or {@code value} field stands for. */
  static byte[] bytes(BsonValue field) {
    return switch (field.getBsonType()) {
      case BINARY -> field.asBinary().getData();
      case STRING -> ReadableForm.bytes(field.asString().getValue());
      case INT64 -> ReadableForm.bytes(field.asInt64().getValue());
      case INT32 -> ReadableForm.bytes(field.asInt32().getValue());
      case DOUBLE -> ReadableForm.bytes(field.asDouble().getValue());
      case BOOLEAN -> ReadableForm.bytes(field.asBoolean().getValue());
      case DOCUMENT, ARRAY -> MongoTrees.bytes(field);
      default -> throw new CacheException("Not a jcache-stores key or value: a BSON "
          + field.getBsonType());
    };
  }

  /** Returns the entry a document holds. */
  static StoreEntry entry(BsonDocument doc) {
    BsonValue expires = doc.get(EXPIRES_AT);
    long expiresAt = expires == null || !expires.isDateTime()
        ? StoreEntry.NEVER : expires.asDateTime().getValue();
    return new StoreEntry(bytes(doc.get(ID)), bytes(doc.get(VALUE)), expiresAt);
  }

  /** Returns the version of a stored document, as a filter value (null if it has none). */
  static BsonValue version(BsonDocument doc) {
    BsonValue v = doc.get(VERSION);
    return v == null ? BsonNull.VALUE : v;
  }

  /**
   * Returns a version for a document being written. Versions are random rather than counted, so
   * that a blind write is a plain replace (no {@code $inc}), and a document deleted and inserted
   * again never repeats the version a concurrent compare-and-set read before (no ABA).
   */
  static long freshVersion() {
    return ThreadLocalRandom.current().nextLong();
  }

  /** Returns the whole document of {@code entry} with {@code version}, size checked. */
  static BsonDocument document(StoreEntry entry, long version, long now) {
    BsonDocument doc = new BsonDocument(ID, id(entry.key()))
        .append(VALUE, value(entry.value()));
    if (!entry.isEternal()) {
      doc.append(EXPIRES_AT, new BsonDateTime(entry.expiresAt()));
    }
    doc.append(VERSION, new BsonInt64(version)).append(UPDATED_AT, new BsonDateTime(now))
        .append(SIZE, new BsonInt64(Budget.sizeOf(entry)))
        .append(ACCESSED_AT, new BsonDateTime(now));
    return doc;
  }

  /** Returns the filter that selects the document of {@code key}. */
  static BsonDocument byId(byte[] key) {
    return new BsonDocument(ID, id(key));
  }

  /**
   * Refuses an entry whose document would exceed MongoDB's 16 MiB limit, before it is sent:
   * the driver does not catch every case, and the server then drops the connection.
   *
   * @throws CacheException naming the size and the limit
   */
  static void checkSize(StoreEntry entry, String cache) {
    if ((long) entry.key().length + entry.value().length < SURELY_FITS) {
      return;
    }
    int size = new RawBsonDocument(document(entry, Long.MAX_VALUE, 0), new BsonDocumentCodec())
        .getByteBuffer().remaining();
    if (size > MAX_DOCUMENT_BYTES) {
      throw new CacheException("Cache '" + cache + "': the entry's MongoDB document would be "
          + size + " bytes (key " + entry.key().length + " bytes, value " + entry.value().length
          + " bytes), over MongoDB's limit of " + MAX_DOCUMENT_BYTES + " bytes (16 MiB)");
    }
  }
}
