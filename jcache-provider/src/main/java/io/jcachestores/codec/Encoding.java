package io.jcachestores.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte format of stored keys and values, and their readable forms.
 *
 * <p>Every encoded key or value starts with one tag byte. Common types are written so that a
 * person can read them in the store: {@code S} a String (UTF-8; WTF-8 when it has an
 * unpaired surrogate, which UTF-8 cannot hold), {@code L} a Long, {@code I} an
 * Integer, {@code D} a Double, {@code Z} a Boolean (decimal or {@code true}/{@code false} text),
 * {@code B} a {@code byte[]} (raw), {@code T} a structured value (maps and lists of these, as
 * canonical JSON: {@link Structured}). Other types are compact binary or Java serialization
 * ({@code J}); a signed value is {@code M}, a 32-byte HMAC-SHA256, then the inner encoding.
 * No tag is an opening brace or bracket, so that encoded bytes are never taken for JSON text
 * ({@link io.jcachestores.spi.ReadableForm#fromStored}).
 *
 * <p>{@link #toReadable} and {@link #fromReadable} give stores that can hold native values
 * (MongoDB, DynamoDB, SQLite's JSON) Strings, numbers, booleans and structured trees, through
 * {@link io.jcachestores.spi.ReadableForm}: stores never call the codec. A signed structured
 * value's readable form is the tree {@code {signature: <32 bytes>, value: <tree>}}.
 */
public final class Encoding {

  static final byte STRING = 'S';
  static final byte LONG = 'L';
  static final byte INTEGER = 'I';
  static final byte DOUBLE = 'D';
  static final byte BOOLEAN = 'Z';
  static final byte BYTES = 'B';
  static final byte SHORT = 'H';
  static final byte BYTE = 'Y';
  static final byte FLOAT = 'F';
  static final byte CHARACTER = 'C';
  static final byte SERIALIZED = 'J';
  static final byte SIGNED = 'M';
  static final byte STRUCTURED = 'T';

  /** The field of a signed structured value's readable form that holds the signature. */
  public static final String SIGNATURE_FIELD = "signature";
  /** The field of a signed structured value's readable form that holds the value. */
  public static final String VALUE_FIELD = "value";

  private static final byte[] STRUCTURED_PREFIX = {STRUCTURED};

  private Encoding() {}

  /**
   * Returns the readable form of an encoded key or value: a String, Long, Integer, Double,
   * Boolean, or a structured tree (a {@code Map} or {@code List}, see {@link Structured}); or null
   * if it is of another type (or signed, but not structured) and must be stored as bytes.
   */
  public static Object toReadable(byte[] encoded) {
    if (encoded.length == 0) {
      return null;
    }
    try {
      return switch (encoded[0]) {
        case STRING -> text(encoded);
        case LONG -> Long.valueOf(text(encoded));
        case INTEGER -> Integer.valueOf(text(encoded));
        case DOUBLE -> Double.valueOf(text(encoded));
        case BOOLEAN -> Boolean.valueOf(text(encoded));
        case STRUCTURED -> Structured.read(encoded, 1);
        case SIGNED -> signedTree(encoded);
        default -> null;
      };
    } catch (NumberFormatException | UndecodableException e) {
      return null;  // not written by us: keep the bytes as they are
    }
  }

  private static Object signedTree(byte[] encoded) {
    int inner = 1 + Signer.LENGTH;
    if (encoded.length <= inner || encoded[inner] != STRUCTURED) {
      return null;
    }
    Map<String, Object> wrapper = new LinkedHashMap<>(4);
    wrapper.put(SIGNATURE_FIELD, Arrays.copyOfRange(encoded, 1, inner));
    wrapper.put(VALUE_FIELD, Structured.read(encoded, inner + 1));
    return wrapper;
  }

  /**
   * Returns the encoding of a structured tree read from a store, or null if it is outside the
   * model of {@link Structured} (a signed value's readable form included).
   */
  private static byte[] fromTree(Object tree) {
    if (tree instanceof Map<?, ?> m && m.size() == 2
        && m.get(SIGNATURE_FIELD) instanceof byte[] signature && signature.length == Signer.LENGTH
        && m.containsKey(VALUE_FIELD)) {
      byte[] prefix = new byte[2 + Signer.LENGTH];
      prefix[0] = SIGNED;
      System.arraycopy(signature, 0, prefix, 1, Signer.LENGTH);
      prefix[1 + Signer.LENGTH] = STRUCTURED;
      return Structured.write(prefix, m.get(VALUE_FIELD), false);
    }
    return Structured.write(STRUCTURED_PREFIX, tree, false);
  }

  /** Returns the structured encoding of an application's value, or null if it has none. */
  static byte[] structured(Object value) {
    return Structured.write(STRUCTURED_PREFIX, value, true);
  }

  /** Returns the canonical JSON text of a structured tree, or null if it is outside the model. */
  public static String json(Object tree) {
    byte[] json = Structured.write(new byte[0], tree, false);
    return json == null ? null : new String(json, StandardCharsets.UTF_8);
  }

  /**
   * Returns the encoding of the structured tree in JSON text (UTF-8); unreadable bytes if it is
   * none.
   */
  public static byte[] fromJson(byte[] utf8) {
    try {
      return fromReadable(Structured.read(utf8, 0));
    } catch (UndecodableException e) {
      return unreadable();
    }
  }

  /** Returns the unsigned structured encoding whose payload is the JSON text {@code utf8}. */
  public static byte[] structuredBytes(byte[] utf8) {
    return tagged(STRUCTURED, utf8);
  }

  /** Returns the structured tree of an unsigned structured encoding. */
  static Object structuredValue(byte[] encoded) {
    return Structured.read(encoded, 1);
  }

  /**
   * Returns bytes that no codec decodes: what a store gives back for a stored document that is
   * not a readable form of ours, so that it reads as a miss.
   */
  public static byte[] unreadable() {
    return STRUCTURED_PREFIX.clone();
  }

  /**
   * Returns the encoding of a readable form (the inverse of {@link #toReadable}).
   *
   * A tree outside the model of {@link Structured} gives {@link #unreadable()} bytes.
   *
   * @throws IllegalArgumentException if {@code readable} is not a String, Long, Integer, Double,
   *     Boolean, Map or List
   */
  public static byte[] fromReadable(Object readable) {
    if (readable instanceof Map<?, ?> || readable instanceof List<?>) {
      byte[] tree = fromTree(readable);
      return tree != null ? tree : unreadable();
    }
    byte tag;
    if (readable instanceof String) {
      tag = STRING;
    } else if (readable instanceof Long) {
      tag = LONG;
    } else if (readable instanceof Integer) {
      tag = INTEGER;
    } else if (readable instanceof Double) {
      tag = DOUBLE;
    } else if (readable instanceof Boolean) {
      tag = BOOLEAN;
    } else {
      throw new IllegalArgumentException("No readable encoding for " + readable.getClass());
    }
    return tagged(tag, readable.toString().getBytes(StandardCharsets.UTF_8));
  }

  static byte[] tagged(byte tag, byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = tag;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  static String text(byte[] encoded) {
    return new String(encoded, 1, encoded.length - 1, StandardCharsets.UTF_8);
  }

  static byte[] payload(byte[] encoded) {
    return Arrays.copyOfRange(encoded, 1, encoded.length);
  }
}
