package io.jcachestores.cache;

import io.jcachestores.Serializer;
import io.jcachestores.codec.Codec;
import io.jcachestores.codec.UndecodableException;
import io.jcachestores.spi.StoreEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys and values of one cache as stored bytes: encodes them through the codec and decodes
 * them back checked against the cache's key and value types. What cannot be decoded (corrupt,
 * foreign class, bad signature, another type) is logged and read as null.
 */
final class EntryCodec<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EntryCodec.class);

  private final String cacheName;
  private final Codec codec;
  private final Class<K> keyType;
  private final Class<V> valueType;
  /** The serializer of values, or null to let the codec encode them. */
  private final Serializer<V> serializer;

  EntryCodec(String cacheName, Codec codec, Class<K> keyType, Class<V> valueType,
      Serializer<V> serializer) {
    this.cacheName = cacheName;
    this.codec = codec;
    this.keyType = keyType;
    this.valueType = valueType;
    this.serializer = serializer;
  }

  byte[] encodeKey(K key) {
    return codec.encodeKey(key);
  }

  /** Encodes the value stored under key bytes {@code k} (a signature covers both). */
  byte[] encodeValue(byte[] k, V value) {
    return codec.encodeValue(k, serializer == null ? value : serialized(value));
  }

  private Object serialized(V value) {
    Object stored = serializer.serialize(value);
    if (stored instanceof byte[] || stored instanceof Map<?, ?> || stored instanceof List<?>) {
      return stored;
    }
    throw new IllegalArgumentException("Cache '" + cacheName + "': serializer "
        + serializer.getClass().getName() + " returned a " + (stored == null ? "null"
        : stored.getClass().getName()) + ", neither bytes nor a document");
  }

  /** Encodes {@code keys}, keeping their order: key bytes (by content) to key. */
  Map<ByteBuffer, K> encodeKeys(Collection<? extends K> keys) {
    Map<ByteBuffer, K> byBytes = new LinkedHashMap<>(keys.size() * 2);
    for (K key : keys) {
      byBytes.put(ByteBuffer.wrap(encodeKey(key)), key);
    }
    return byBytes;
  }

  /** Returns the key bytes of a map made by {@link #encodeKeys}. */
  static List<byte[]> bytesOf(Map<ByteBuffer, ?> byBytes) {
    List<byte[]> keys = new ArrayList<>(byBytes.size());
    for (ByteBuffer b : byBytes.keySet()) {
      keys.add(b.array());
    }
    return keys;
  }

  /** Decodes the value of a stored entry, or logs and returns null if it cannot be decoded. */
  V decodeValue(K key, StoreEntry e) {
    return decodeValue(key, e, false);
  }

  /**
   * Decodes like {@link #decodeValue(Object, StoreEntry)}; with {@code shared}, a structured
   * value may be an unmodifiable tree shared with other callers (never one a serializer reads).
   */
  V decodeValue(K key, StoreEntry e, boolean shared) {
    try {
      Object value = codec.decodeValue(e.key(), e.value(), shared && serializer == null);
      if (serializer != null) {
        value = deserialized(value);
      }
      if (!valueType.isInstance(value)) {
        throw new UndecodableException("stored value is a " + value.getClass().getName()
            + ", not a " + valueType.getName(), null);
      }
      return valueType.cast(value);
    } catch (UndecodableException ex) {
      LOG.warn("Cache '{}': stored value for key {} cannot be decoded ({}); removing it",
          cacheName, key, ex.getMessage());
      return null;
    }
  }

  private Object deserialized(Object stored) {
    try {
      return Objects.requireNonNull(serializer.deserialize(stored), "null value");
    } catch (RuntimeException e) {
      throw new UndecodableException("the serializer refused it: " + e, e);
    }
  }

  /** Decodes the key of a stored entry, or logs and returns null if it cannot be decoded. */
  K decodeKey(StoreEntry e) {
    try {
      Object key = codec.decodeKey(e.key());
      if (!keyType.isInstance(key)) {
        throw new UndecodableException("stored key is a " + key.getClass().getName(), null);
      }
      return keyType.cast(key);
    } catch (UndecodableException ex) {
      LOG.warn("Cache '{}': a stored key cannot be decoded ({}); removing its entry", cacheName,
          ex.getMessage());
      return null;
    }
  }

  /**
   * Checks a key and value given to a write.
   *
   * @throws NullPointerException if either is null
   * @throws ClassCastException if either is not of the cache's type
   */
  void requireTyped(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!keyType.isInstance(key)) {
      throw new ClassCastException("Key " + key.getClass().getName() + " is not a "
          + keyType.getName() + " (cache '" + cacheName + "')");
    }
    if (!valueType.isInstance(value)) {
      throw new ClassCastException("Value " + value.getClass().getName() + " is not a "
          + valueType.getName() + " (cache '" + cacheName + "')");
    }
  }
}
