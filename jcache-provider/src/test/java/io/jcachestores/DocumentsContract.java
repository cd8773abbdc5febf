package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Maps and lists stored as native documents, on every store: what the raw driver sees (field
 * names and types), exact round trips, hostile documents read as misses, signed caches. A store
 * test extends it with the store's manager and raw access.
 */
public abstract class DocumentsContract {

  private static final AtomicInteger CACHES = new AtomicInteger();
  private final List<CacheManager> managers = new ArrayList<>();

  /** Returns a manager of the store under test with {@code properties} (a fresh one each call). */
  protected abstract CacheManager manager(Properties properties);

  /**
   * Asserts, through the store's own driver, that the entry {@code key} of {@code cache} holds
   * {@link #sample()} as a native document: {@code name} a string, {@code age} an integer
   * number, {@code score} a decimal number, {@code tags} an array of strings, {@code blob}
   * binary, {@code nothing} null, {@code nested.ok} a boolean; with {@code signed}, beside a
   * 32-byte binary {@code signature} under {@code value}.
   */
  protected abstract void assertSampleDocument(String cache, String key, boolean signed)
      throws Exception;

  /**
   * Overwrites, through the store's own driver, the value of entry {@code key} of {@code cache}
   * (which holds {@link #sample()}) with hostile variant {@code variant} (0 to
   * {@link #hostileVariants()} - 1): a field of a foreign type, a reserved field name, nesting
   * deeper than allowed, garbage where a document belongs.
   */
  protected abstract void writeHostile(String cache, String key, int variant) throws Exception;

  /**
   * Changes, through the store's own driver, the {@code name} field of the document of entry
   * {@code key} of {@code cache} (which holds {@link #sample()}, signed or not) to {@code "Eve"}.
   */
  protected abstract void tamper(String cache, String key, boolean signed) throws Exception;

  /** Returns how many hostile variants {@link #writeHostile} writes. */
  protected abstract int hostileVariants();

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private CacheManager open(Properties properties) {
    CacheManager m = manager(properties);
    managers.add(m);
    return m;
  }

  private Cache<String, Object> cache(Properties properties) {
    String name = "docs-" + CACHES.incrementAndGet();
    return open(properties).createCache(name,
        new StoreConfiguration<String, Object>().setTypes(String.class, Object.class));
  }

  private static Properties signed() {
    Properties p = new Properties();
    p.setProperty("secretKey", "documents-secret");
    return p;
  }

  /** The sample document. */
  protected static Map<String, Object> sample() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("ok", true);
    nested.put("list", List.of(1L, "two", List.of()));
    Map<String, Object> m = new HashMap<>();
    m.put("name", "Ada ✓ \u0000 \"quoted\"\n");
    m.put("age", 36L);
    m.put("score", 2.5);
    m.put("tags", List.of("math", "engines"));
    m.put("blob", new byte[] {0, 1, -1});
    m.put("empty", new byte[0]);
    m.put("nothing", null);
    m.put("nested", nested);
    return m;
  }

  @Test
  void aMapIsANativeDocumentAndReadsBackEqual() throws Exception {
    Cache<String, Object> cache = cache(new Properties());
    cache.put("ada", sample());
    assertSampleDocument(cache.getName(), "ada", false);
    assertSameTree(sample(), cache.get("ada"));
    assertInstanceOf(LinkedHashMap.class, cache.get("ada"));
  }

  @Test
  void documentsRoundTripExactlyWhateverTheirShape() {
    Cache<String, Object> cache = cache(new Properties());
    List<Object> values = new ArrayList<>();
    values.add(List.of());
    values.add(Map.of());
    values.add(new ArrayList<>(Arrays.asList(null, "", 0L, -0.0, 1e-5, 2.0, 1.5e300,
        Long.MIN_VALUE, Double.MIN_VALUE, new byte[0])));
    values.add(Map.of("a", Map.of("b", Map.of("c", List.of(List.of(true, false))))));
    values.add(Map.of("text", "𝄞 surrogate pair, \u2028 and \t"));
    values.add(Map.of("signature", new byte[32], "value", Map.of("x", 1L)));  // like a signed form
    for (int i = 0; i < values.size(); i++) {
      cache.put("v" + i, values.get(i));
    }
    for (int i = 0; i < values.size(); i++) {
      assertSameTree(values.get(i), cache.get("v" + i));
    }
    Map<String, Object> all = cache.getAll(new java.util.HashSet<>(List.of("v0", "v3", "v5")));
    assertSameTree(values.get(3), all.get("v3"));
    assertSameTree(values.get(5), all.get("v5"));
  }

  @Test
  void mapsOutsideTheDocumentModelStillRoundTrip() {
    Cache<String, Object> cache = cache(new Properties());
    Map<String, Object> integers = new HashMap<>(Map.of("n", 1));        // Integer: serialized
    Map<String, Object> dotted = new HashMap<>(Map.of("a.b", "c"));      // not a field name
    Map<String, Object> lone = new HashMap<>(Map.of("s", "\uD800"));      // unpaired surrogate
    cache.put("integers", integers);
    cache.put("dotted", dotted);
    cache.put("lone", lone);
    assertEquals(integers, cache.get("integers"));
    assertEquals(Integer.class, ((Map<?, ?>) cache.get("integers")).get("n").getClass());
    assertEquals(dotted, cache.get("dotted"));
    assertEquals(lone, cache.get("lone"));
  }

  @Test
  void hostileDocumentsReadAsMisses() throws Exception {
    Cache<String, Object> cache = cache(new Properties());
    for (int variant = 0; variant < hostileVariants(); variant++) {
      cache.put("victim", sample());
      writeHostile(cache.getName(), "victim", variant);
      assertNull(cache.get("victim"), "hostile variant " + variant);
      assertNull(cache.get("victim"), "a miss removes it");
    }
    cache.put("victim", sample());
    tamper(cache.getName(), "victim", false);
    assertEquals("Eve", ((Map<?, ?>) cache.get("victim")).get("name"),
        "without a secret key a valid document is taken as it is");
  }

  @Test
  void aSignedCacheKeepsTheSignatureBesideTheDocument() throws Exception {
    Cache<String, Object> cache = cache(signed());
    cache.put("ada", sample());
    assertSampleDocument(cache.getName(), "ada", true);
    assertSameTree(sample(), cache.get("ada"));
    for (int variant = 0; variant < hostileVariants(); variant++) {
      cache.put("ada", sample());
      writeHostile(cache.getName(), "ada", variant);
      assertNull(cache.get("ada"), "hostile variant " + variant + " of a signed document");
    }
    cache.put("ada", sample());
    tamper(cache.getName(), "ada", true);
    assertNull(cache.get("ada"), "a tampered signed document does not verify");
  }

  /** Asserts that two trees are equal, byte arrays by content. */
  protected static void assertSameTree(Object expected, Object actual) {
    if (expected instanceof byte[] e) {
      assertArrayEquals(e, (byte[]) actual);
    } else if (expected instanceof Map<?, ?> e) {
      Map<?, ?> a = assertInstanceOf(Map.class, actual);
      assertEquals(e.keySet(), a.keySet());
      e.forEach((k, v) -> assertSameTree(v, a.get(k)));
    } else if (expected instanceof List<?> e) {
      List<?> a = assertInstanceOf(List.class, actual);
      assertEquals(e.size(), a.size());
      for (int i = 0; i < e.size(); i++) {
        assertSameTree(e.get(i), a.get(i));
      }
    } else {
      assertEquals(expected, actual);
    }
  }
}
