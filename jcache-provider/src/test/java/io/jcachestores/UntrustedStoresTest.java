package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Someone with write access to the store, working through its own driver, tries the four ways
 * through that were once open, on every store: a rewritten cache descriptor with a planted gadget,
 * a signed value moved to another cache or key, strings UTF-8 cannot hold, and cache names JMX
 * cannot hold unquoted.
 */
class UntrustedStoresTest {

  private static final String GADGET = Gadget.class.getName();

  @TempDir
  Path dir;

  private static Properties options(String... nameValues) {
    Properties p = new Properties();
    for (int i = 0; i < nameValues.length; i += 2) {
      p.setProperty(nameValues[i], nameValues[i + 1]);
    }
    return p;
  }

  /** Returns the stored form of a serialized Gadget (format tag {@code J}). */
  private static byte[] gadgetBytes(String payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write('J');
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Gadget(payload));
    }
    return bytes.toByteArray();
  }

  /** Creates cache {@code c} of String to Object as the application does, with one entry. */
  private static void createCache(RawStore raw) {
    try (CacheManager manager = raw.manager()) {
      manager.createCache("c", new MutableConfiguration<String, Object>()
          .setTypes(String.class, Object.class)).put("k", "placeholder");
    }
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aRewrittenDescriptorNeverWidensTheAllowlist(RawStore.Kind kind) throws Exception {
    try (RawStore raw = kind.open(dir)) {
      createCache(raw);
      String original = raw.descriptor("c");
      List<String> forgeries = List.of(
          original + "allow=" + GADGET + "\n",
          original + "allow=io.jcachestores.*\n",
          original.replace("valueType=java.lang.Object", "valueType=" + GADGET));
      for (String forged : forgeries) {
        assertNotEquals(original, forged);
        createCache(raw);
        raw.setDescriptor("c", forged);
        raw.setBytes("c", "k", gadgetBytes("planted"));
        int reads = Gadget.READS.get();
        try (CacheManager manager = raw.manager()) {
          // Spring's JCacheCacheManager: getCache(name) for every name in getCacheNames()
          for (String name : manager.getCacheNames()) {
            Cache<Object, Object> cache = manager.getCache(name);
            assertNull(cache.get("k"), forged);
          }
          assertEquals(reads, Gadget.READS.get(), "none of the gadget's code ran");
          assertNull(raw.value("c", "k"), "the refused value is removed");
        }
      }

      createCache(raw);
      raw.setBytes("c", "k", gadgetBytes("allowed"));
      try (CacheManager manager = raw.manager(options("allow", GADGET))) {
        assertEquals(new Gadget("allowed"), manager.getCache("c").get("k"),
            "a type the application allows is read from a reopened cache");
      }
    }
  }

  /** Creates cache {@code trusted}, allowing Gadget, with a Gadget, and an empty cache. */
  private static void createSignedCaches(RawStore raw, Properties secret) {
    try (CacheManager manager = raw.manager(secret)) {
      manager.createCache("trusted", new StoreConfiguration<String, Object>()
          .allowClasses(GADGET)).put("k", new Gadget("mine"));
      manager.createCache("other", new MutableConfiguration<>());
    }
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void withASecretKeyOnlyAValidlySignedDescriptorIsTrusted(RawStore.Kind kind) {
    Properties secret = options("secretKey", "s3cret");
    try (RawStore raw = kind.open(dir)) {
      createSignedCaches(raw, secret);
      try (CacheManager manager = raw.manager(secret)) {
        assertEquals(new Gadget("mine"), manager.getCache("trusted").get("k"),
            "the creator's allowClasses hold after a restart when the descriptor verifies");
      }

      String signed = raw.descriptor("trusted");
      String unsigned = signed.substring(0, signed.lastIndexOf("signature="));
      List<String> forgeries = List.of(
          signed.replace("allow=" + GADGET, "allow=io.jcachestores.*"),
          signed + "allow=io.jcachestores.*\n",
          unsigned + "allow=io.jcachestores.*\n");
      for (String forged : forgeries) {
        createSignedCaches(raw, secret);
        raw.setDescriptor("trusted", forged);
        raw.setDescriptor("other", signed);
        int reads = Gadget.READS.get();
        try (CacheManager manager = raw.manager(secret)) {
          assertNull(manager.getCache("trusted").get("k"), forged);
          assertEquals(reads, Gadget.READS.get(), "none of the gadget's code ran");
          assertEquals(List.of(), manager.getCache("other")
              .getConfiguration(StoreConfiguration.class).getAllowedClasses(),
              "a descriptor signed for another cache is not trusted");
        }
      }
    }
  }

  @Test
  void reopeningWithDeclaredTypesAllowsThoseTypesOnly() {
    try (RawStore raw = RawStore.Kind.SQLITE.open(dir)) {
      try (CacheManager manager = raw.manager()) {
        manager.createCache("g", new MutableConfiguration<String, Gadget>()
            .setTypes(String.class, Gadget.class)).put("k", new Gadget("typed"));
      }
      try (CacheManager manager = raw.manager()) {
        assertEquals(new Gadget("typed"),
            manager.getCache("g", String.class, Gadget.class).get("k"),
            "getCache(name, keyType, valueType): the application declares the value type");
      }
      int reads = Gadget.READS.get();
      try (CacheManager manager = raw.manager()) {
        assertNull(manager.getCache("g").get("k"),
            "getCache(name): the stored value type checks entries but allows nothing");
        assertEquals(reads, Gadget.READS.get());
        assertEquals(Gadget.class, manager.getCache("g")
            .getConfiguration(StoreConfiguration.class).getValueType());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aSignedValueMovedToAnotherCacheOrKeyIsRefusedAndRemoved(RawStore.Kind kind) {
    try (RawStore raw = kind.open(dir);
         CacheManager manager = raw.manager(options("secretKey", "s3cret"))) {
      MutableConfiguration<String, String> strings =
          new MutableConfiguration<String, String>().setTypes(String.class, String.class);
      Cache<String, String> x = manager.createCache("x", strings);
      Cache<String, String> y = manager.createCache("y", strings);
      x.put("c", "x's c");
      x.put("d", "x's d");
      y.put("c", "y's c");

      raw.setValue("y", "c", raw.value("x", "c"));
      assertNull(y.get("c"), "a value moved to another cache");
      assertNull(raw.value("y", "c"), "is removed");

      raw.setValue("x", "c", raw.value("x", "d"));
      assertNull(x.get("c"), "a value moved to another key");
      assertNull(raw.value("x", "c"), "is removed");

      assertEquals("x's d", x.get("d"));
    }
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void stringsAreStoredExactly(RawStore.Kind kind) {
    Map<String, String> entries = Map.of("\uD800", "lone", "?", "question",
        "\uFFFD", "replacement", "k", "a\uDC00b", "\uDC00\uD800", "reversed pair",
        "\uD83D\uDE00", "pair", "plain", "caf\u00e9 \u20ac");
    try (RawStore raw = kind.open(dir)) {
      try (CacheManager manager = raw.manager()) {
        Cache<String, String> cache = manager.createCache("s",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.putAll(Map.of("\uD800", "lone", "?", "question"));
        entries.forEach(cache::put);
        assertEntries(entries, cache);
        assertThrows(IllegalArgumentException.class,
            () -> manager.createCache("\uD800", new MutableConfiguration<>()),
            "a cache name the stores cannot hold exactly");
      }
      Object stored = raw.value("s", "plain");
      Object before = raw.stringValue("caf\u00e9 \u20ac");
      if (stored instanceof byte[] bytes) {
        assertArrayEquals((byte[]) before, bytes, "well-formed strings are stored as before");
      } else {
        assertEquals(before, stored, "well-formed strings are stored as before");
      }
      try (CacheManager manager = raw.manager()) {
        assertEntries(entries, manager.getCache("s", String.class, String.class));
      }
    }
  }

  private static void assertEntries(Map<String, String> expected, Cache<String, String> cache) {
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertEquals(e.getValue(), cache.get(e.getKey()));
    }
    assertEquals(expected, cache.getAll(expected.keySet()));
    Map<String, String> iterated = new HashMap<>();
    for (Cache.Entry<String, String> e : cache) {
      assertNull(iterated.put(e.getKey(), e.getValue()), "a key iterated twice");
    }
    assertEquals(expected, iterated);
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void everyCacheHasAStatisticsMBeanOfItsOwn(RawStore.Kind kind) throws JMException {
    List<String> names = List.of("a:b", "a.b", "a=b", "a,b", "x\ny", "x.y", "x\"y*?\\");
    try (RawStore raw = kind.open(dir); CacheManager manager = raw.manager()) {
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        Cache<String, String> cache = manager.createCache(names.get(i),
            new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                .setStatisticsEnabled(true));
        for (int n = 0; n <= i; n++) {
          cache.put("k" + n, "v");
        }
        expected.put(names.get(i), i + 1L);
      }
      assertEquals(expected, putsByCache(Set.copyOf(names)));
    }
    assertEquals(Map.of(), putsByCache(Set.copyOf(names)), "closing unregisters them");
  }

  /** Returns the CachePuts of every statistics MBean of the named caches, failing on two. */
  private static Map<String, Long> putsByCache(Set<String> caches) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> puts = new HashMap<>();
    for (ObjectName name
        : server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,*"), null)) {
      String value = name.getKeyProperty("Cache");
      String cache = value.startsWith("\"") ? ObjectName.unquote(value) : value;
      if (caches.contains(cache)) {
        assertNull(puts.put(cache, (Long) server.getAttribute(name, "CachePuts")),
            () -> "two MBeans for cache " + cache);
      }
    }
    return puts;
  }

  @Test
  void aNameTakenByAnotherCacheIsARegistrationError() throws JMException {
    MutableConfiguration<String, String> withStatistics = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true);
    try (RawStore raw = RawStore.Kind.SQLITE.open(dir);
         CacheManager first = raw.manager(); CacheManager second = raw.manager()) {
      Cache<String, String> mine = first.createCache("dup", withStatistics);
      CacheException e = assertThrows(CacheException.class,
          () -> second.createCache("dup", withStatistics));
      assertTrue(e.getMessage().contains("'dup'") && e.getMessage().contains("registered already"),
          e.getMessage());

      second.createCache("dup", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).close();
      mine.put("k", "v");
      assertEquals(Map.of("dup", 1L), putsByCache(Set.of("dup")),
          "the other manager's cache never touched this one's MBean");
      assertNotNull(mine.get("k"));
    }
  }
}
