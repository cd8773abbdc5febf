package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ExpiringCache#getShared} on every store: one unmodifiable tree for a stored document,
 * which no change through {@code get}'s copies reaches, and never for a document the store no
 * longer holds.
 */
class SharedReadsTest {

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private RawStore open(RawStore.Kind kind) {
    RawStore raw = kind.open(dir);
    opened.add(raw);
    return raw;
  }

  private CacheManager manager(RawStore raw) {
    CacheManager manager = raw.manager();
    opened.add(manager);
    return manager;
  }

  /** Returns the cache "docs" through a new manager (a process of its own). */
  @SuppressWarnings("unchecked")
  private ExpiringCache<String, Object> cache(RawStore raw) {
    CacheManager manager = manager(raw);
    Cache<String, Object> cache = manager.getCache("docs", String.class, Object.class);
    if (cache == null) {
      cache = manager.createCache("docs", new MutableConfiguration<String, Object>()
          .setTypes(String.class, Object.class));
    }
    return cache.unwrap(ExpiringCache.class);
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  @SuppressWarnings("unchecked")
  void aSharedReadIsOneUnmodifiableTreeUntilTheStoredDocumentChanges(RawStore.Kind kind) {
    RawStore raw = open(kind);
    ExpiringCache<String, Object> cache = cache(raw);
    Map<String, Object> ada = Map.of("name", "Ada", "tags", List.of("math"));
    cache.put("k", ada);

    Object first = cache.getShared("k");
    assertEquals(ada, first);
    assertSame(first, cache.getShared("k"));
    Map<String, Object> shared = (Map<String, Object>) first;
    assertThrows(UnsupportedOperationException.class, () -> shared.put("admin", true));
    assertThrows(UnsupportedOperationException.class,
        () -> ((List<Object>) shared.get("tags")).add("root"));
    Map<String, Object> own = (Map<String, Object>) cache.get("k");
    own.put("admin", true);
    ((List<Object>) own.get("tags")).add("root");
    assertEquals(ada, cache.getShared("k"), "get's copies are the caller's own");

    Map<String, Object> eve = Map.of("name", "Eve", "tags", List.of());
    cache(raw).put("k", eve);  // another process
    assertEquals(eve, cache.getShared("k"));
    raw.setValue("docs", "k", raw.value("docs", "k"));  // rewritten natively, same content
    assertEquals(eve, cache.getShared("k"));
    cache(raw).remove("k");
    assertNull(cache.getShared("k"));
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aDocumentHoldingBytesIsACopyOfTheCallersOwn(RawStore.Kind kind) {
    RawStore raw = open(kind);
    ExpiringCache<String, Object> cache = cache(raw);
    cache.put("k", Map.of("blob", new byte[] {1}));
    Map<?, ?> first = (Map<?, ?>) cache.getShared("k");
    ((byte[]) first.get("blob"))[0] = 9;
    Map<?, ?> second = (Map<?, ?>) cache.getShared("k");
    assertNotSame(first, second);
    assertArrayEquals(new byte[] {1}, (byte[]) second.get("blob"));
  }

  /** A serializer that takes the document it reads apart as it goes, as a user's may. */
  private static final class Consuming implements Serializer<String> {
    @Override
    public Object serialize(String value) {
      return new HashMap<>(Map.of("text", value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public String deserialize(Object stored) {
      return (String) ((Map<String, Object>) stored).remove("text");
    }
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  @SuppressWarnings("unchecked")
  void aSerializerAlwaysReadsADocumentOfItsOwn(RawStore.Kind kind) {
    ExpiringCache<String, String> texts = manager(open(kind)).createCache("texts",
        new StoreConfiguration<String, String>().setTypes(String.class, String.class)
            .serializer(new Consuming())).unwrap(ExpiringCache.class);
    texts.put("k", "hello");
    for (int i = 0; i < 3; i++) {
      assertEquals("hello", texts.getShared("k"));
    }
  }
}
