package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.StoreEntry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.CacheException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of items in the table, and the conversion between {@link StoreEntry} and item.
 *
 * <p>An entry of cache {@code c} is one item whose partition key is
 * {@code escape(c) + "#" + encodedKey}, so that every key is its own partition and one busy cache
 * spreads over the whole table; {@code escape} turns {@code %} and {@code #} into {@code %25} and
 * {@code %23}, so that the first {@code #} always ends the namespace. The encoded key is
 * {@code T:text} for a key with a {@link ReadableForm} ({@code T} its type: S a String, L a Long,
 * I an Integer, D a Double, Z a Boolean) gives back its exact bytes, {@code B:base64} otherwise, and {@code H:base64url(sha256)}
 * when the partition key would exceed DynamoDB's 2048 bytes; a hashed key keeps its exact bytes in
 * attribute {@code kb}, compared on every read and guarded on every single-item write, so that a
 * collision is detected instead of returning or overwriting another key's entry.
 *
 * <p>Other attributes: {@code ns} the cache name; the value attribute ({@code S} for a String,
 * {@code N} with {@code vt} = L, I or D for a number, {@code BOOL} for a Boolean, {@code M} or
 * {@code L} for a document ({@link DynamoTrees}), {@code B} for anything else: always exactly the
 * bytes given back); {@code exp} the exact expiry time
 * (epoch milliseconds) and the TTL attribute (epoch seconds, rounded up, plus the grace period),
 * both absent for an eternal entry; {@code ver} a random version that every write changes, for
 * compare-and-set. The cache registry is items {@code #jcache#cache#<name>} (descriptor in
 * {@code d}) and one directory item {@code #jcache#caches} (names in the string set
 * {@code names}); no cache name escapes to a string that starts with {@code #}.
 */
final class DynamoItems {

  static final String NAMESPACE = "ns";
  static final String VALUE_TYPE = "vt";
  static final String EXPIRES = "exp";
  static final String VERSION = "ver";
  static final String KEY_BYTES = "kb";
  static final String DESCRIPTOR = "d";
  static final String NAMES = "names";

  /** DynamoDB's item size limit: 400 KB. */
  static final int MAX_ITEM_BYTES = 400 * 1024;
  /** DynamoDB's partition key size limit. */
  static final int MAX_PARTITION_KEY_BYTES = 2048;
  /** The longest cache name, in UTF-8 bytes, leaving room for a hashed key after it. */
  static final int MAX_CACHE_NAME_BYTES = 1024;

  static final String DIRECTORY_KEY = "#jcache#caches";
  private static final String REGISTRY_PREFIX = "#jcache#cache#";

  private static final BigDecimal SMALLEST_NUMBER = new BigDecimal("1E-130");
  private static final BigDecimal NUMBER_LIMIT = new BigDecimal("1E126");

  private final String table;
  private final String keyAttribute;
  private final String valueAttribute;
  private final String ttlAttribute;
  private final long graceSeconds;

  DynamoItems(DynamoSettings settings) {
    this.table = settings.table();
    this.keyAttribute = settings.keyAttribute();
    this.valueAttribute = settings.valueAttribute();
    this.ttlAttribute = settings.ttlAttribute();
    this.graceSeconds = settings.ttlGraceSeconds();
  }

  /**
   * The partition key of one entry.
   *
   * @param value the partition key string
   * @param hashedKey the exact key bytes if the key was hashed into {@code value}, else null
   */
  record ItemKey(String value, byte[] hashedKey) {
    boolean hashed() {
      return hashedKey != null;
    }
  }

  String keyAttribute() {
    return keyAttribute;
  }

  String valueAttribute() {
    return valueAttribute;
  }

  String ttlAttribute() {
    return ttlAttribute;
  }

  /** Returns a fresh version, as a number attribute. */
  static AttributeValue freshVersion() {
    return AttributeValue.fromN(Long.toString(newVersion()));
  }

  /** Returns the prefix of the partition keys of cache {@code cache}. */
  static String prefix(String cache) {
    return cache.replace("%", "%25").replace("#", "%23") + "#";
  }

  /** Returns the partition key of {@code key} in the cache with partition key prefix {@code prefix}. */
  ItemKey key(String prefix, byte[] key) {
    Object readable = ReadableForm.of(key);
    String encoded;
    if (readable != null && !ReadableForm.isDocument(readable)) {
      encoded = typeLetter(readable) + ":" + readable;
    } else {
      encoded = "B:" + Base64.getEncoder().encodeToString(key);
    }
    String pk = prefix + encoded;
    if (pk.length() * 3 <= MAX_PARTITION_KEY_BYTES
        || pk.getBytes(StandardCharsets.UTF_8).length <= MAX_PARTITION_KEY_BYTES) {
      return new ItemKey(pk, null);
    }
    return new ItemKey(prefix + "H:" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(sha256(key)), key);
  }

  /** Returns the primary key map of an item. */
  Map<String, AttributeValue> keyMap(String partitionKey) {
    return Map.of(keyAttribute, AttributeValue.fromS(partitionKey));
  }

  /** Returns the primary key map of an entry's item. */
  Map<String, AttributeValue> keyMap(ItemKey key) {
    return keyMap(key.value());
  }

  /** Returns the primary key of the registry item of cache {@code name}. */
  Map<String, AttributeValue> registryKey(String name) {
    return keyMap(REGISTRY_PREFIX + name);
  }

  /** Returns the registry item of cache {@code name}. */
  Map<String, AttributeValue> registryItem(String name, String descriptor) {
    Map<String, AttributeValue> item = new HashMap<>(registryKey(name));
    item.put(DESCRIPTOR, AttributeValue.fromS(descriptor));
    return item;
  }

  /**
   * Returns the item of {@code entry} in cache {@code cache}, with a fresh version.
   *
   * @throws CacheException if the item would exceed DynamoDB's 400 KB item limit
   */
  Map<String, AttributeValue> item(String cache, ItemKey key, StoreEntry entry, String operation) {
    Map<String, AttributeValue> item = new HashMap<>(8);
    item.put(keyAttribute, AttributeValue.fromS(key.value()));
    item.put(NAMESPACE, AttributeValue.fromS(cache));
    if (key.hashed()) {
      item.put(KEY_BYTES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(key.hashedKey())));
    }
    putValue(item, entry.value());
    if (!entry.isEternal()) {
      item.put(EXPIRES, AttributeValue.fromN(Long.toString(entry.expiresAt())));
      item.put(ttlAttribute, AttributeValue.fromN(Long.toString(ttlSeconds(entry.expiresAt()))));
    }
    item.put(VERSION, AttributeValue.fromN(Long.toString(newVersion())));
    long size = size(item);
    if (size > MAX_ITEM_BYTES) {
      throw new CacheException("DynamoDB " + operation + " refused for cache '" + cache
          + "' in table '" + table + "': the item would be " + size + " bytes (value "
          + entry.value().length + " bytes), over DynamoDB's item size limit of "
          + MAX_ITEM_BYTES + " bytes (400 KB); values are never split across items");
    }
    return item;
  }

  /** Returns the epoch seconds at which DynamoDB may delete an entry expiring at {@code expiresAt}. */
  long ttlSeconds(long expiresAt) {
    long seconds = -Math.floorDiv(-expiresAt, 1000L);
    long ttl = seconds + graceSeconds;
    return ttl < seconds ? Long.MAX_VALUE : ttl;  // saturate on overflow
  }

  private void putValue(Map<String, AttributeValue> item, byte[] value) {
    Object readable = ReadableForm.of(value);
    AttributeValue document = ReadableForm.isDocument(readable)
        ? DynamoTrees.attribute(readable) : null;
    if (document != null) {
      item.put(valueAttribute, document);
    } else if (readable instanceof String s) {
      item.put(valueAttribute, AttributeValue.fromS(s));
    } else if (readable instanceof Boolean b) {
      item.put(valueAttribute, AttributeValue.fromBool(b));
    } else if (readable instanceof Number n && isExactNumber(n)) {
      item.put(valueAttribute, AttributeValue.fromN(n.toString()));
      item.put(VALUE_TYPE, AttributeValue.fromS(String.valueOf(typeLetter(n))));
    } else {
      item.put(valueAttribute, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value)));
    }
  }

  /**
   * Returns the letter that types a readable form in partition keys and {@code vt}: the layout
   * of items, fixed once written.
   */
  private static char typeLetter(Object readable) {
    if (readable instanceof String) {
      return 'S';
    } else if (readable instanceof Long) {
      return 'L';
    } else if (readable instanceof Integer) {
      return 'I';
    } else if (readable instanceof Double) {
      return 'D';
    }
    return 'Z';
  }

  /** Returns whether DynamoDB can hold {@code n} as a number that reads back as the same one. */
  private static boolean isExactNumber(Number n) {
    if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return false;
    }
    BigDecimal decimal = new BigDecimal(n.toString());
    BigDecimal abs = decimal.abs();
    if (decimal.signum() != 0
        && (abs.compareTo(SMALLEST_NUMBER) < 0 || abs.compareTo(NUMBER_LIMIT) >= 0)) {
      return false;
    }
    try {
      return Arrays.equals(number(n.toString(), typeLetter(n)), ReadableForm.bytes(n));
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Returns the encoding of a number read back from DynamoDB, typed by its {@code vt} tag. */
  private static byte[] number(String text, char type) {
    BigDecimal decimal = new BigDecimal(text);
    return ReadableForm.bytes(switch (type) {
      case 'L' -> decimal.longValueExact();
      case 'I' -> decimal.intValueExact();
      case 'D' -> decimal.doubleValue();
      default -> throw new IllegalArgumentException("number type " + type);
    });
  }

  /**
   * Returns the entry an item holds.
   *
   * @param expectedKey the key that was asked for, or null when iterating
   * @throws CacheException if the item holds another key than {@code expectedKey} (a hash collision)
   *     or is not an item this store wrote
   */
  StoreEntry entry(String cache, Map<String, AttributeValue> item, byte[] expectedKey) {
    byte[] key = keyBytes(cache, item);
    if (expectedKey != null && !Arrays.equals(key, expectedKey)) {
      throw collision(cache, item.get(keyAttribute).s());
    }
    AttributeValue exp = item.get(EXPIRES);
    long expiresAt = exp == null || exp.n() == null ? StoreEntry.NEVER : Long.parseLong(exp.n());
    return new StoreEntry(key, value(cache, item), expiresAt);
  }

  private byte[] keyBytes(String cache, Map<String, AttributeValue> item) {
    AttributeValue kb = item.get(KEY_BYTES);
    if (kb != null && kb.b() != null) {
      return kb.b().asByteArray();
    }
    String pk = item.get(keyAttribute).s();
    int hash = pk == null ? -1 : pk.indexOf('#');
    if (hash < 0 || pk.length() < hash + 3 || pk.charAt(hash + 2) != ':') {
      throw foreign(cache, pk);
    }
    char tag = pk.charAt(hash + 1);
    String text = pk.substring(hash + 3);
    try {
      return switch (tag) {
        case 'B' -> Base64.getDecoder().decode(text);
        case 'S' -> ReadableForm.bytes(text);
        case 'L' -> ReadableForm.bytes(Long.valueOf(text));
        case 'I' -> ReadableForm.bytes(Integer.valueOf(text));
        case 'D' -> ReadableForm.bytes(Double.valueOf(text));
        case 'Z' -> ReadableForm.bytes(Boolean.valueOf(text));
        default -> throw foreign(cache, pk);
      };
    } catch (IllegalArgumentException e) {
      throw foreign(cache, pk);
    }
  }

  private byte[] value(String cache, Map<String, AttributeValue> item) {
    AttributeValue v = item.get(valueAttribute);
    if (v == null) {
      throw foreign(cache, item.get(keyAttribute).s());
    }
    if (v.b() != null) {
      return v.b().asByteArray();
    }
    if (DynamoTrees.isDocument(v)) {
      return DynamoTrees.bytes(v);
    }
    if (v.s() != null) {
      return ReadableForm.bytes(v.s());
    }
    if (v.bool() != null) {
      return ReadableForm.bytes(v.bool());
    }
    AttributeValue type = item.get(VALUE_TYPE);
    if (v.n() != null && type != null && type.s() != null && type.s().length() == 1) {
      try {
        return number(v.n(), type.s().charAt(0));
      } catch (ArithmeticException | IllegalArgumentException e) {
        throw foreign(cache, item.get(keyAttribute).s());
      }
    }
    throw foreign(cache, item.get(keyAttribute).s());
  }

  /** Returns the version of an item, or null if it has none. */
  static String version(Map<String, AttributeValue> item) {
    AttributeValue ver = item.get(VERSION);
    return ver == null ? null : ver.n();
  }

  private static long newVersion() {
    return ThreadLocalRandom.current().nextLong();
  }

  /** Returns the exception for two keys hashed to one partition key. */
  CacheException collision(String cache, String partitionKey) {
    return new CacheException("DynamoDB key hash collision in cache '" + cache + "' of table '"
        + table + "': partition key '" + partitionKey + "' holds another key (keys longer than "
        + MAX_PARTITION_KEY_BYTES + " bytes are stored under their SHA-256)");
  }

  private CacheException foreign(String cache, String partitionKey) {
    return new CacheException("DynamoDB item '" + partitionKey + "' of cache '" + cache
        + "' in table '" + table + "' was not written by jcache-stores (or is damaged)");
  }

  /**
   * Returns the size DynamoDB counts for an item, rounded up: attribute names and values in
   * UTF-8 bytes, binary values by length, numbers as their text plus one byte.
   */
  static long size(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8Length(e.getKey()) + DynamoTrees.size(e.getValue());
    }
    return size;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
