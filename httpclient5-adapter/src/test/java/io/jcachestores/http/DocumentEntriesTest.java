package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.StoreCachingProvider;
import io.jcachestores.StoreConfiguration;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.impl.cache.HeapResource;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.HeaderGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP entries as readable documents on every store: exact round trips for bodies of every kind,
 * the document's fields, entries stored as bytes before still hit, corrupt documents are misses.
 */
class DocumentEntriesTest {

  private static final String STORES = "io.jcachestores.http.TestStores#all";
  private static final String ROOT = "http://example.com:80/doc";

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private JCacheHttpCaching caching(URI store) {
    JCacheHttpCaching caching = JCacheHttpCaching.builder().store(store).build();
    opened.add(caching);
    return caching;
  }

  /** A storage that remembers nothing decoded, so every read decodes what the store holds. */
  private static JCacheHttpCacheStorage fresh(JCacheHttpCaching caching) {
    return new JCacheHttpCacheStorage(caching.cache(), EntryLifetime.defaults(), 1, 0);
  }

  private static HttpCacheEntry entry(String contentType, String encoding, byte[] body) {
    return entry(Instant.parse("2026-11-29T10:15:30.123Z"), contentType, encoding, body);
  }

  /** An entry; the bytes form keeps instants to the millisecond, documents exactly. */
  private static HttpCacheEntry entry(Instant requested, String contentType, String encoding,
      byte[] body) {
    Instant responded = requested.plusMillis(42);
    HeaderGroup request = new HeaderGroup();
    request.addHeader(new BasicHeader("Accept", "*/*"));
    request.addHeader(new BasicHeader("X-Trace", "a"));
    request.addHeader(new BasicHeader("X-Trace", "b, c"));
    HeaderGroup response = new HeaderGroup();
    response.addHeader(new BasicHeader("Cache-Control", "max-age=3600"));
    response.addHeader(new BasicHeader("Date", "Sun, 29 Nov 2026 10:15:30 GMT"));
    if (contentType != null) {
      response.addHeader(new BasicHeader("Content-Type", contentType));
    }
    if (encoding != null) {
      response.addHeader(new BasicHeader("Content-Encoding", encoding));
    }
    response.addHeader(new BasicHeader("ETag", "\"v1\""));
    Set<String> variants = new LinkedHashSet<>(List.of("{accept=b}" + ROOT, "{accept=a}" + ROOT));
    return new HttpCacheEntry(requested, responded, "GET", "/doc?q=1", request, 203, response,
        body == null ? null : new HeapResource(body), body == null ? variants : null);
  }

  private static void assertSameEntry(HttpCacheEntry expected, HttpCacheEntry actual)
      throws Exception {
    assertNotNull(actual);
    assertEquals(expected.getRequestInstant(), actual.getRequestInstant());
    assertEquals(expected.getResponseInstant(), actual.getResponseInstant());
    assertEquals(expected.getRequestMethod(), actual.getRequestMethod());
    assertEquals(expected.getRequestURI(), actual.getRequestURI());
    assertEquals(expected.getStatus(), actual.getStatus());
    assertEquals(headers(expected.requestHeaderIterator()), headers(actual.requestHeaderIterator()));
    assertEquals(headers(expected.headerIterator()), headers(actual.headerIterator()));
    assertEquals(expected.getVariants(), actual.getVariants());
    assertEquals(expected.hasVariants(), actual.hasVariants());
    if (expected.getResource() == null) {
      assertNull(actual.getResource());
    } else {
      assertArrayEquals(expected.getResource().get(), actual.getResource().get());
    }
  }

  private static List<String> headers(Iterator<Header> it) {
    List<String> list = new ArrayList<>();
    it.forEachRemaining(h -> list.add(h.getName() + ": " + h.getValue()));
    return list;
  }

  /** Bodies of every kind, and whether each must be stored as text. */
  private static Map<HttpCacheEntry, Boolean> bodies() {
    Map<HttpCacheEntry, Boolean> bodies = new LinkedHashMap<>();
    bodies.put(entry("text/plain; charset=utf-8", null,
        "héllo 𝄞\n\u0000\"q\"".getBytes(StandardCharsets.UTF_8)), true);
    bodies.put(entry("application/json", null, "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8)),
        true);
    bodies.put(entry("text/html; charset=ISO-8859-1", null,
        "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)), true);
    bodies.put(entry("application/problem+json", null, new byte[0]), true);
    bodies.put(entry("text/plain", null, new byte[] {'a', (byte) 0xC3}), false); // not UTF-8
    bodies.put(entry("text/plain", null, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF,
        'b'}), true);                                                            // a BOM
    bodies.put(entry("text/plain", "gzip", new byte[] {31, -117, 8, 0}), false);
    bodies.put(entry("image/png", null, new byte[] {-119, 'P', 'N', 'G', 0, 0}), false);
    bodies.put(entry(null, null, "no type".getBytes(StandardCharsets.UTF_8)), false);
    bodies.put(entry("text/plain; charset=utf-16", null, new byte[] {0, 'a'}), false);
    bodies.put(entry("image/png", null, new byte[0]), false);
    bodies.put(entry("text/plain", null, null), false);                          // no body
    return bodies;
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void entriesRoundTripExactlyAsDocumentsWithBodiesOfEveryKind(TestStores store)
      throws Exception {
    JCacheHttpCaching caching = caching(store.newUri(dir, "docs"));
    assertTrue(caching.storage().writesDocuments());
    JCacheHttpCacheStorage storage = caching.storage();
    int i = 0;
    for (Map.Entry<HttpCacheEntry, Boolean> e : bodies().entrySet()) {
      String key = ROOT + "/" + i++;
      storage.putEntry(key, e.getKey());
      Map<?, ?> doc = assertInstanceOf(Map.class, caching.cache().get(key));
      Object body = doc.get("body");
      if (e.getKey().getResource() == null) {
        assertNull(body);
      } else {
        assertEquals(e.getValue(), body instanceof String, key + ": " + body);
      }
      assertSameEntry(e.getKey(), fresh(caching).getEntry(key));
      assertSameEntry(e.getKey(), storage.getEntry(key));
    }
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void theDocumentNamesEveryPartOfTheResponse(TestStores store) throws Exception {
    JCacheHttpCaching caching = caching(store.newUri(dir, "fields"));
    HttpCacheEntry entry = entry(Instant.parse("2026-11-29T10:15:30.123456789Z"),
        "application/json", null, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    caching.storage().putEntry(ROOT, entry);
    assertSameEntry(entry, fresh(caching).getEntry(ROOT));
    Map<?, ?> doc = (Map<?, ?>) caching.cache().get(ROOT);
    assertEquals(HttpDocuments.FORMAT, doc.get("format"));
    assertEquals(ROOT, doc.get("key"));
    assertEquals("/doc?q=1", doc.get("url"));
    assertEquals("GET", doc.get("method"));
    assertEquals(203L, doc.get("status"));
    assertEquals("Non Authoritative Information", doc.get("reason"));
    assertEquals("{\"ok\":true}", doc.get("body"));
    assertEquals(List.of("Content-Type", "application/json"),
        ((List<?>) doc.get("responseHeaders")).get(2));
    assertEquals(List.of("X-Trace", "b, c"), ((List<?>) doc.get("requestHeaders")).get(2));
    assertEquals("2026-11-29T10:15:30.123456789Z", doc.get("requestInstant"));
    assertEquals("2026-11-29T10:15:30.165456789Z", doc.get("responseInstant"));
    assertTrue(Instant.parse((String) doc.get("expiresAt")).isAfter(Instant.now()));
    assertTrue(Instant.parse((String) doc.get("storedAt")).isBefore(Instant.now().plusSeconds(1)));
    assertEquals(List.of(), doc.get("variants"));
  }

  @Test
  void onSqliteTheDocumentIsJsonThatSqlReads() throws Exception {
    JCacheHttpCaching caching = caching(TestStores.SQLITE.newUri(dir, "sql"));
    caching.storage().putEntry(ROOT, entry("text/plain", null,
        "hello".getBytes(StandardCharsets.UTF_8)));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sql.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT json_extract(value, '$.status'),"
            + " json_extract(value, '$.body'), json_extract(value, '$.responseHeaders[0][1]'),"
            + " typeof(value) FROM jcache_entries WHERE cache = 'http'")) {
      assertTrue(rs.next());
      assertEquals(203, rs.getInt(1));
      assertEquals("hello", rs.getString(2));
      assertEquals("max-age=3600", rs.getString(3));
      assertEquals("text", rs.getString(4));
    }
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void entriesStoredAsBytesBeforeStillHitAndAreUpdatedToDocuments(TestStores store)
      throws Exception {
    URI uri = store.newUri(dir, "old");
    HttpCacheEntry old = entry("text/plain", null, "stored as bytes".getBytes(
        StandardCharsets.UTF_8));
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
      Cache<String, byte[]> before = manager.createCache(JCacheHttpCaching.DEFAULT_CACHE_NAME,
          new StoreConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      before.put(ROOT, JCacheHttpCacheStorage.encode(ROOT, old));
    }
    JCacheHttpCaching caching = caching(uri);
    assertTrue(caching.storage().writesDocuments());
    assertInstanceOf(byte[].class, caching.cache().get(ROOT));
    assertSameEntry(old, caching.storage().getEntry(ROOT));
    caching.storage().updateEntry(ROOT, existing -> existing);
    assertInstanceOf(Map.class, caching.cache().get(ROOT), "an update writes a document");
    assertSameEntry(old, fresh(caching).getEntry(ROOT));
  }

  @Test
  void aCacheOfBytesGivenToTheBuilderKeepsBytes() throws Exception {
    StoreCachingProvider provider = new StoreCachingProvider();
    CacheManager manager = provider.getCacheManager(TestStores.SQLITE.newUri(dir, "bytes"),
        provider.getDefaultClassLoader());
    opened.add(manager);
    Cache<String, byte[]> bytes = manager.createCache("given",
        new StoreConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    JCacheHttpCaching caching = JCacheHttpCaching.builder().cache(bytes).build();
    opened.add(caching);
    assertFalse(caching.storage().writesDocuments());
    HttpCacheEntry e = entry("text/plain", null, "b".getBytes(StandardCharsets.UTF_8));
    caching.storage().putEntry(ROOT, e);
    assertInstanceOf(byte[].class, bytes.get(ROOT));
    assertSameEntry(e, fresh(caching).getEntry(ROOT));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void corruptOrHostileDocumentsAreMissesAndAreRemoved(TestStores store) throws Exception {
    JCacheHttpCaching caching = caching(store.newUri(dir, "hostile"));
    List<Consumer<Map<String, Object>>> damages = List.of(
        d -> d.put("format", "httpclient5-cache-entry/99"),
        d -> d.put("key", ROOT + "/other"),                       // moved from another key
        d -> d.put("status", "200"),
        d -> d.put("status", 20L),
        d -> d.put("requestHeaders", List.of(List.of("only a name"))),
        d -> d.put("responseHeaders", List.of(List.of("X", 1L))),
        d -> d.put("responseInstant", "yesterday"),
        d -> d.put("variants", "not a list"),
        d -> d.remove("method"),
        d -> d.put("responseHeaders", List.of(List.of("Content-Type", "image/png"))),  // text body
        d -> d.put("body", 12L));
    for (Consumer<Map<String, Object>> damage : damages) {
      caching.storage().putEntry(ROOT, entry("text/plain", null,
          "fine".getBytes(StandardCharsets.UTF_8)));
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) caching.cache().get(ROOT));
      damage.accept(doc);
      caching.cache().put(ROOT, doc);
      assertNull(fresh(caching).getEntry(ROOT), doc.toString());
      assertFalse(caching.cache().containsKey(ROOT), "a corrupt entry is removed");
    }
  }
}
