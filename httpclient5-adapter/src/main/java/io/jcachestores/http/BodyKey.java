package io.jcachestores.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;

/**
 * The part of a cached POST's key that its body makes: the SHA-256 of the body, with the
 * ignored parameters left out of a form ({@code application/x-www-form-urlencoded}) or a JSON
 * object (top-level keys, the others sorted), as requests-cache does. A body that does not
 * parse as its type counts as its bytes. Thread-safe.
 */
final class BodyKey {

  /** The query parameter carrying the digest in the URL the cache sees for a POST. */
  static final String PARAMETER = "jcache-body-sha256";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private BodyKey() {}

  /** Returns the hex SHA-256 of {@code body}, as keyed (ignored parameters left out). */
  static String digest(byte[] body, ContentType type, Set<String> ignored) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(keyed(body, type, ignored)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] keyed(byte[] body, ContentType type, Set<String> ignored) {
    String mime = type == null ? "" : type.getMimeType().toLowerCase(Locale.ROOT);
    Charset charset = type == null || type.getCharset() == null
        ? StandardCharsets.UTF_8 : type.getCharset();
    if (mime.equals("application/x-www-form-urlencoded")) {
      return CacheRules.withoutParameters(new String(body, charset), ignored, charset)
          .getBytes(charset);
    }
    if (mime.equals("application/json") || mime.endsWith("+json")) {
      try {
        Object parsed = JSON.readValue(body, Object.class);
        if (parsed instanceof Map<?, ?> object) {
          object.keySet().removeAll(ignored);
        }
        return JSON.writeValueAsBytes(parsed);
      } catch (IOException notJson) {
        return body;
      }
    }
    return body;
  }
}
