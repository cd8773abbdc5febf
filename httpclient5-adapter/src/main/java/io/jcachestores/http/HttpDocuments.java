package io.jcachestores.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.Resource;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.client5.http.impl.cache.HeapResource;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.HeaderGroup;

/**
 * An {@link HttpCacheEntry} as a readable document: a {@code Map<String, Object>} of strings,
 * numbers, lists and byte arrays, which jcache-stores keeps as a MongoDB document, a DynamoDB
 * map or SQLite JSON text (any other JCache provider serializes it). Fields, in the order the
 * stores show them:
 *
 * <pre>
 * body             the body: text when the content type is textual, it has no
 *                  Content-Encoding and its charset (UTF-8 if none) decodes it cleanly and
 *                  encodes it back to the same bytes; else binary; null for an entry without
 *                  a body (the root of a Vary response)
 * expiresAt        when the store will delete the entry (ISO-8601), if it expires
 * format           "httpclient5-cache-entry/1"
 * key              the storage key (checked on reading: an entry moved to another key is corrupt)
 * method           the request method
 * reason           the reason phrase of the status (for reading; not used)
 * requestHeaders   [[name, value], ...] in order
 * requestInstant   when the request was sent (ISO-8601, exact)
 * responseHeaders  [[name, value], ...] in order
 * responseInstant  when the response was received (ISO-8601, exact)
 * status           the status code
 * storedAt         when this document was written (ISO-8601)
 * url              the request URI
 * variants         the keys of the variants of a Vary response (empty for any other)
 * </pre>
 *
 * <p>Reading is strict: a document of another shape, or with an unknown format, is corrupt and
 * reads as a miss. Reading builds only httpclient5-cache entries from strings and bytes.
 */
final class HttpDocuments {

  static final String FORMAT = "httpclient5-cache-entry/1";

  private HttpDocuments() {}

  /** Returns the document of {@code entry} stored under {@code key}. */
  static Map<String, Object> encode(String key, HttpCacheEntry entry, Instant now,
      Instant expiresAt) throws ResourceIOException {
    Map<String, Object> doc = new LinkedHashMap<>(32);
    Resource resource = entry.getResource();
    doc.put("body", resource == null ? null : body(entry, resource.get()));
    if (expiresAt != null) {
      doc.put("expiresAt", expiresAt.toString());
    }
    doc.put("format", FORMAT);
    doc.put("key", key);
    doc.put("method", entry.getRequestMethod());
    String reason = EnglishReasonPhraseCatalog.INSTANCE.getReason(entry.getStatus(), Locale.ROOT);
    doc.put("reason", reason == null ? "" : reason);
    doc.put("requestHeaders", headers(entry.requestHeaderIterator()));
    doc.put("requestInstant", entry.getRequestInstant().toString());
    doc.put("responseHeaders", headers(entry.headerIterator()));
    doc.put("responseInstant", entry.getResponseInstant().toString());
    doc.put("status", (long) entry.getStatus());
    doc.put("storedAt", now.toString());
    doc.put("url", entry.getRequestURI());
    doc.put("variants", new ArrayList<>(entry.getVariants()));
    return doc;
  }

  private static List<Object> headers(Iterator<Header> it) {
    List<Object> list = new ArrayList<>();
    while (it.hasNext()) {
      Header h = it.next();
      list.add(List.of(h.getName(), h.getValue()));
    }
    return list;
  }

  /** Returns the body as text if it round-trips exactly as text, else the bytes. */
  private static Object body(HttpCacheEntry entry, byte[] bytes) {
    Charset charset = textCharset(entry);
    if (charset == null) {
      return bytes;
    }
    String text = text(bytes, charset);
    return text != null ? text : bytes;
  }

  /**
   * Returns {@code bytes} as text in {@code charset} if they decode cleanly and encode back to
   * the same bytes, else null.
   */
  static String text(byte[] bytes, Charset charset) {
    try {
      String text = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return Arrays.equals(encodeText(text, charset), bytes) ? text : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Returns the charset a textual body of a response with {@code headers} is stored in, or null
   * if the body is stored as bytes (not textual, content-encoded, or an unusual charset).
   */
  static Charset textCharset(MessageHeaders entry) {
    Header encoding = entry.getFirstHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !"identity".equalsIgnoreCase(encoding.getValue().trim())) {
      return null;
    }
    Header type = entry.getFirstHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return null;
    }
    ContentType contentType;
    try {
      contentType = ContentType.parse(type.getValue());
    } catch (RuntimeException e) {
      return null;
    }
    String mime = contentType.getMimeType().toLowerCase(Locale.ROOT);
    boolean textual = mime.startsWith("text/") || mime.endsWith("/json") || mime.endsWith("+json")
        || mime.endsWith("/xml") || mime.endsWith("+xml") || mime.equals("application/javascript")
        || mime.equals("application/x-www-form-urlencoded");
    if (!textual) {
      return null;
    }
    Charset charset;
    try {
      charset = contentType.getCharset();
    } catch (RuntimeException e) {
      return null;
    }
    if (charset == null) {
      return StandardCharsets.UTF_8;
    }
    return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
        || charset.equals(StandardCharsets.ISO_8859_1) ? charset : null;
  }

  private static byte[] encodeText(String text, Charset charset)
      throws CharacterCodingException {
    ByteBuffer out = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return bytes;
  }

  /**
   * Returns the entry a document stored under {@code key} holds.
   *
   * @throws RuntimeException if it is not a document of this format for this key
   */
  static HttpCacheEntry decode(String key, Map<?, ?> doc) {
    if (!FORMAT.equals(doc.get("format"))) {
      throw new IllegalArgumentException("not an HTTP cache entry document of format " + FORMAT);
    }
    if (!key.equals(doc.get("key"))) {
      throw new IllegalArgumentException("the document of key " + doc.get("key"));
    }
    HeaderGroup response = headerGroup(doc.get("responseHeaders"));
    Object body = doc.get("body");
    Resource resource;
    if (body == null) {
      resource = null;
    } else if (body instanceof byte[] bytes) {
      resource = new HeapResource(bytes);
    } else {
      Charset charset = textCharset(response);
      if (charset == null) {
        throw new IllegalArgumentException("a text body for a response that is not textual");
      }
      try {
        resource = new HeapResource(encodeText(string(body, "body"), charset));
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("a body its charset cannot hold", e);
      }
    }
    Object status = doc.get("status");
    if (!(status instanceof Long code) || code < 100 || code > 999) {
      throw new IllegalArgumentException("status " + status);
    }
    Set<String> variants = new LinkedHashSet<>();
    for (Object v : list(doc.get("variants"), "variants")) {
      variants.add(string(v, "variant"));
    }
    return new HttpCacheEntry(instant(doc.get("requestInstant")),
        instant(doc.get("responseInstant")), string(doc.get("method"), "method"),
        string(doc.get("url"), "url"), headerGroup(doc.get("requestHeaders")),
        code.intValue(), response, resource, variants.isEmpty() ? null : variants);
  }

  private static HeaderGroup headerGroup(Object headers) {
    HeaderGroup group = new HeaderGroup();
    for (Object pair : list(headers, "headers")) {
      List<?> nameValue = list(pair, "header");
      if (nameValue.size() != 2) {
        throw new IllegalArgumentException("a header is not [name, value]");
      }
      group.addHeader(new BasicHeader(string(nameValue.get(0), "header name"),
          string(nameValue.get(1), "header value")));
    }
    return group;
  }

  private static List<?> list(Object o, String what) {
    if (o instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException(what + " is not a list");
  }

  private static String string(Object o, String what) {
    if (o instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(what + " is not a string");
  }

  private static Instant instant(Object o) {
    return Instant.parse(string(o, "instant"));
  }
}
