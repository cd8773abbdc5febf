package io.jcachestores.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A SQLite file holding the same N entries twice: in our cache {@code scale} and in the plain
 * table of {@link RawSqlite}, each written whole before the other. Built once under
 * {@code bench.dir/scale-N} and reused by later trials and runs: a marker file says it is
 * complete, and the marker's name changes whenever what is built does, so older data is rebuilt.
 */
final class ScaleData {

  /** Value size for the scale cases: 1 KiB, like every other case. */
  static final int VALUE_SIZE = 1024;
  private static final String MARKER = "complete-ours-and-raw";

  private ScaleData() {}

  /** Returns the SQLite file of {@code entries} entries, building it first if needed. */
  static Path file(int entries) {
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench-data"))
        .toAbsolutePath().resolve("scale-" + entries);
    Path file = dir.resolve("s.db");
    Path marker = dir.resolve(MARKER);
    if (Files.exists(marker)) {
      return file;
    }
    try {
      Fixture.deleteTree(dir);
      Files.createDirectories(dir);
      byte[] value = Fixture.value();
      try (CacheManager manager = open(file); RawSqlite raw = new RawSqlite(file)) {
        Cache<String, byte[]> cache = manager.createCache("scale",
            new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        Fixture.fill(entries, () -> value, cache::putAll);
        Fixture.fill(entries, () -> value, raw::putAll);
      }
      Files.createFile(marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Opens our cache manager on the file of {@code entries} entries, building it if needed. */
  static CacheManager open(int entries) {
    return open(file(entries));
  }

  private static CacheManager open(Path file) {
    CachingProvider provider = Caching.getCachingProvider(Fixture.OURS);
    return provider.getCacheManager(URI.create("sqlite:" + file),
        provider.getDefaultClassLoader(), new Properties());
  }

  /** Returns the scale cache of an opened manager. */
  static Cache<String, byte[]> cache(CacheManager manager) {
    Cache<String, byte[]> cache = manager.getCache("scale", String.class, byte[].class);
    if (cache == null) {
      throw new IllegalStateException("scale cache missing");
    }
    return cache;
  }

  /**
   * Reads {@code file} once from start to end, so that the OS page cache holds it as it would
   * in a process that has been running for a while (cold, a first trial measured 148 µs per get
   * instead of 9).
   */
  static void warm(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
