package io.jcachestores.spi;

import io.jcachestores.codec.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The readable forms of stored keys and values, for stores that can hold native values (MongoDB
 * strings, numbers and subdocuments, DynamoDB {@code S}, {@code N}, {@code BOOL}, {@code M} and
 * {@code L} attributes, SQLite JSON text), so that a person can read the store with its own tools.
 *
 * <p>A store never interprets the bytes of a {@link StoreEntry} itself: it asks this class
 * whether they have a readable form and stores that form instead of the bytes, and turns a form
 * it reads back into the very same bytes. A form is offered only when it gives back exactly the
 * bytes it came from, so a store that uses it loses nothing.
 *
 * <p>Readable forms are a {@link String}, {@link Long}, {@link Integer}, {@link Double},
 * {@link Boolean}, or a <em>document</em>: a {@code Map<String, Object>} or {@code List<Object>}
 * whose elements are maps and lists again (at most {@value #MAX_DEPTH} deep), strings, Longs,
 * Doubles, Booleans, null and {@code byte[]}. A map's keys are non-empty and hold neither a
 * leading {@code $}, a {@code .} nor NUL, so that every store can use them as field names; their
 * order does not matter. A signed value's document is {@code {signature: <byte[32]>, value:
 * <document>}}: the signature sits beside the document, which stays readable. A store that reads
 * back a document that breaks these rules (someone else wrote it) gets bytes that never decode,
 * so that the entry reads as a miss; it never has to judge the document itself.
 */
public final class ReadableForm {

  /** The deepest nesting of maps and lists in a document. */
  public static final int MAX_DEPTH = io.jcachestores.codec.Structured.MAX_DEPTH;

  private static final byte[] SIGNED_JSON_PREFIX = ("{\"" + Encoding.SIGNATURE_FIELD + "\":")
      .getBytes(StandardCharsets.UTF_8);

  private ReadableForm() {}

  /**
   * Returns the readable form of encoded key or value bytes: a {@link String}, {@link Long},
   * {@link Integer}, {@link Double}, {@link Boolean} or document that {@link #bytes} turns back
   * into exactly {@code encoded}; or null if there is none and the bytes must be stored as they
   * are.
   */
  public static Object of(byte[] encoded) {
    Object readable = Encoding.toReadable(encoded);
    return readable != null && Arrays.equals(Encoding.fromReadable(readable), encoded)
        ? readable : null;
  }

  /**
   * Returns the bytes a readable form stands for (the inverse of {@link #of}). A document that
   * breaks the rules above gives bytes that never decode.
   *
   * @throws IllegalArgumentException if {@code readable} is not a String, Long, Integer, Double,
   *     Boolean, Map or List
   */
  public static byte[] bytes(Object readable) {
    return Encoding.fromReadable(readable);
  }

  /** Returns whether {@code readable} is a document (a map or a list) rather than a scalar. */
  public static boolean isDocument(Object readable) {
    return readable instanceof java.util.Map<?, ?> || readable instanceof java.util.List<?>;
  }

  /**
   * Returns the bytes a stored document stands for when the store found something in it that
   * no readable form holds (a foreign field type): they never decode, so the entry is a miss.
   */
  public static byte[] unreadable() {
    return Encoding.unreadable();
  }

  /**
   * Returns the JSON text of the document form of encoded value bytes, for stores that keep
   * JSON (SQLite, where {@code json_extract} then reads it); or null if the bytes have no
   * document form. {@link #fromJson} gives back exactly {@code encoded}.
   */
  public static String json(byte[] encoded) {
    Object readable = of(encoded);
    if (!isDocument(readable)) {
      return null;
    }
    String json = encoded[0] == 'T'
        ? new String(encoded, 1, encoded.length - 1, StandardCharsets.UTF_8)
        : Encoding.json(readable);
    return json != null && Arrays.equals(fromJson(json), encoded) ? json : null;
  }

  /**
   * Returns the bytes that JSON text written by {@link #json} stands for. Text that is not such
   * JSON gives bytes that never decode.
   */
  public static byte[] fromJson(String json) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the bytes that JSON text written by {@link #json}, given as UTF-8, stands for. Text
   * that is not such JSON gives bytes that never decode.
   */
  public static byte[] fromJson(byte[] utf8) {
    return startsWith(utf8, SIGNED_JSON_PREFIX)
        ? Encoding.fromJson(utf8)
        : Encoding.structuredBytes(utf8);
  }

  /**
   * Returns the bytes a value read from a store that keeps documents as JSON text and everything
   * else as bytes in one place (SQLite's {@code value} column) stands for: JSON text written by
   * {@link #json} starts with an opening brace or bracket, which encoded bytes never do, and gives
   * {@link #fromJson}; anything else is taken as encoded bytes. Like every stored value, the
   * result is untrusted: what does not decode is a miss.
   */
  public static byte[] fromStored(byte[] stored) {
    return stored.length > 0 && (stored[0] == '{' || stored[0] == '[')
        ? fromJson(stored) : stored;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
