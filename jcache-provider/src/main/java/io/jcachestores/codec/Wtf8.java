package io.jcachestores.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text as exact bytes: WTF-8, the superset of UTF-8 that also holds unpaired surrogates.
 *
 * <p>A Java String is any sequence of UTF-16 code units, but UTF-8 can only hold well-formed
 * ones: {@code String.getBytes(UTF_8)} turns an unpaired surrogate into {@code ?}, so that two
 * different strings would share one encoding. WTF-8 writes a well-formed string exactly as UTF-8
 * does, byte for byte, and an unpaired surrogate as the three bytes its code point would take
 * ({@code ED A0 80} to {@code ED BF BF}). Every string therefore has exactly one encoding, and
 * {@link #decode} accepts exactly the encodings {@link #encode} produces: anything else (malformed
 * UTF-8, a surrogate pair written as two three-byte sequences, an overlong form) is refused.
 */
public final class Wtf8 {

  private Wtf8() {}

  /** Returns the WTF-8 bytes of {@code s}: its UTF-8 bytes when it is well-formed. */
  static byte[] encode(String s) {
    if (isWellFormed(s)) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.write(c);
      } else if (c < 0x800) {
        out.write(0xC0 | c >> 6);
        out.write(0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.write(0xF0 | cp >> 18);
        out.write(0x80 | cp >> 12 & 0x3F);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      } else {
        out.write(0xE0 | c >> 12);
        out.write(0x80 | c >> 6 & 0x3F);
        out.write(0x80 | c & 0x3F);
      }
    }
    return out.toByteArray();
  }

  /**
   * Returns the string whose {@link #encode encoding} is {@code bytes} from {@code offset} on.
   *
   * @throws UndecodableException if no string has that encoding
   */
  static String decode(byte[] bytes, int offset) {
    String s = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') < 0) {
      return s;  // the decoder replaces every malformed sequence with U+FFFD: none, so exact
    }
    String wobbly = decodeWobbly(bytes, offset);
    byte[] again = wobbly == null ? null : encode(wobbly);
    if (again == null || !Arrays.equals(again, 0, again.length, bytes, offset, bytes.length)) {
      throw new UndecodableException("malformed text: not UTF-8, nor WTF-8", null);
    }
    return wobbly;
  }

  /** Decodes leniently (the caller checks the result encodes back); null if it cannot. */
  private static String decodeWobbly(byte[] b, int offset) {
    StringBuilder out = new StringBuilder(b.length - offset);
    int i = offset;
    while (i < b.length) {
      int b0 = b[i] & 0xFF;
      int length = b0 < 0x80 ? 1 : b0 < 0xC0 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF8 ? 4 : 0;
      if (length == 0 || i + length > b.length) {
        return null;
      }
      int cp = length == 1 ? b0 : b0 & (0x7F >> length);
      for (int j = 1; j < length; j++) {
        cp = cp << 6 | b[i + j] & 0x3F;
      }
      if (cp > Character.MAX_CODE_POINT) {
        return null;
      }
      out.appendCodePoint(cp);
      i += length;
    }
    return out.toString();
  }

  /** Returns whether {@code s} has no unpaired surrogate, so that UTF-8 holds it exactly. */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }
}
