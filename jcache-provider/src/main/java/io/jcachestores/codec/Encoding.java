package io.jcachestores.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte format of stored keys and values, and their readable forms.
 *
 * <p>Every encoded key or value starts with one tag byte. Common types are written so that a
 * person can read them in the store: {@code S} a String (UTF-8; WTF-8 when it has an
 * unpaired surrogate, which UTF-8 cannot hold), {@code L} a Long, {@code I} an
 * Integer, {@code D} a Double, {@code Z} a Boolean (decimal or {@code true}/{@code false} text),
 * {@code B} a {@code byte[]} (raw). Other types are compact binary or Java serialization
 * ({@code J}); a signed value is {@code M}, a 32-byte HMAC-SHA256, then the inner encoding.
 *
 * <p>{@link #toReadable} and {@link #fromReadable} give stores that can hold native values
 * (MongoDB, DynamoDB) Strings, numbers and booleans, through {@link io.jcachestores.spi.ReadableForm}:
 * stores never call the codec.
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

  private Encoding() {}

  /**
   * Returns the readable form of an encoded key or value: a String, Long, Integer, Double or
   * Boolean; or null if it is of another type (or signed) and must be stored as bytes.
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
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;  // not written by us: keep the bytes as they are
    }
  }

  /**
   * Returns the encoding of a readable form (the inverse of {@link #toReadable}).
   *
   * @throws IllegalArgumentException if {@code readable} is not a String, Long, Integer, Double
   *     or Boolean
   */
  public static byte[] fromReadable(Object readable) {
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
