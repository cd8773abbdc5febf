package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public contract beyond JCache: per-entry time to live and a compare-and-set by content. */
class ExpiringCacheTest {

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private CacheManager manager;
  private ExpiringCache<String, byte[]> cache;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void open() {
    Properties options = new Properties();
    options.put("clock", clock);
    manager = Sqlite.manager(dir.resolve("c.db"), options);
    cache = manager.createCache("c", new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)).unwrap(ExpiringCache.class);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void anEntryPutWithATimeToLiveExpiresWhenItSays() {
    cache.put("k", new byte[] {1}, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    assertArrayEquals(new byte[] {1}, cache.get("k"));
    clock.advance(Duration.ofSeconds(1));
    assertNull(cache.get("k"));
  }

  @Test
  void compareAndSetComparesBytesByContent() {
    assertFalse(cache.replace("k", new byte[] {1}, new byte[] {2}), "nothing to replace");
    assertTrue(cache.compareAndSet("k", null, new byte[] {1}, null), "absent was expected");
    assertFalse(cache.replace("k", new byte[] {1}, new byte[] {2}), "JCache: by identity");
    assertFalse(cache.compareAndSet("k", new byte[] {9}, new byte[] {2}, null));
    assertArrayEquals(new byte[] {1}, cache.get("k"));

    assertTrue(cache.compareAndSet("k", new byte[] {1}, new byte[] {2}, Duration.ofSeconds(5)));
    assertArrayEquals(new byte[] {2}, cache.get("k"));
    clock.advance(Duration.ofSeconds(5));
    assertNull(cache.get("k"), "the replacement had its own time to live");

    cache.put("k", new byte[] {3});
    assertTrue(cache.compareAndSet("k", new byte[] {3}, null, null), "null removes");
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void aNegativeTimeToLiveIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> cache.put("k", new byte[0], Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> cache.compareAndSet("k", null, new byte[0], Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> cache.put("k", new byte[0], null));
  }
}
