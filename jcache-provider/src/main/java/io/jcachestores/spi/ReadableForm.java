package io.jcachestores.spi;

import io.jcachestores.codec.Encoding;
import java.util.Arrays;

/**
 * The readable forms of stored keys and values, for stores that can hold native values (MongoDB
 * strings and numbers, DynamoDB {@code S}, {@code N} and {@code BOOL} attributes), so that a
 * person can read the store with its own tools.
 *
 * <p>A store never interprets the bytes of a {@link StoreEntry} itself: it asks this class
 * whether they have a readable form and stores that form instead of the bytes, and turns a form
 * it reads back into the very same bytes. A form is offered only when it gives back exactly the
 * bytes it came from, so a store that uses it loses nothing.
 */
public final class ReadableForm {

  private ReadableForm() {}

  /**
   * Returns the readable form of encoded key or value bytes: a {@link String}, {@link Long},
   * {@link Integer}, {@link Double} or {@link Boolean} that {@link #bytes} turns back into
   * exactly {@code encoded}; or null if there is none and the bytes must be stored as they are.
   */
  public static Object of(byte[] encoded) {
    Object readable = Encoding.toReadable(encoded);
    return readable != null && Arrays.equals(Encoding.fromReadable(readable), encoded)
        ? readable : null;
  }

  /**
   * Returns the bytes a readable form stands for (the inverse of {@link #of}).
   *
   * @throws IllegalArgumentException if {@code readable} is not a String, Long, Integer, Double
   *     or Boolean
   */
  public static byte[] bytes(Object readable) {
    return Encoding.fromReadable(readable);
  }
}
