package io.jcachestores.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A SQLite cache holding N entries, built once under {@code target/bench-data/scale-N} and
 * reused by later trials and runs (a marker file says it is complete).
 */
final class ScaleData {

  /** Value size for the scale cases: 1 KiB, like every other case. */
  static final int VALUE_SIZE = 1024;

  private ScaleData() {}

  /** Opens (building it first if needed) the scale store of {@code entries} entries. */
  static CacheManager open(int entries) {
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench-data"))
        .toAbsolutePath().resolve("scale-" + entries);
    Path marker = dir.resolve("complete");
    try {
      if (!Files.exists(marker)) {
        Fixture.deleteTree(dir);
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CachingProvider provider = Caching.getCachingProvider(Fixture.OURS);
    CacheManager manager = provider.getCacheManager(URI.create("sqlite:" + dir.resolve("s.db")),
        provider.getDefaultClassLoader(), new Properties());
    if (!Files.exists(marker)) {
      Cache<String, byte[]> cache = manager.createCache("scale",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      byte[] value = Fixture.value();
      Map<String, byte[]> batch = new HashMap<>();
      for (int i = 0; i < entries; i++) {
        batch.put(Fixture.key(i), value);
        if (batch.size() == 1000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        cache.putAll(batch);
      }
      try {
        Files.createFile(marker);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return manager;
  }

  /** Returns the scale cache of an opened manager. */
  static Cache<String, byte[]> cache(CacheManager manager) {
    Cache<String, byte[]> cache = manager.getCache("scale", String.class, byte[].class);
    if (cache == null) {
      throw new IllegalStateException("scale cache missing");
    }
    return cache;
  }
}
