package io.jcachestores.benchmarks;

import io.jcachestores.StoreCachingProvider;
import io.jcachestores.StoreConfiguration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Writes {@code written} MiB of 64 KiB values, each under a new key, through a SQLite cache
 * bounded to {@code budget} MiB, and prints the file's size (and its WAL's) after every tenth:
 * the file must stop growing at about the budget. Usage:
 * {@code BoundedFileSize [budgetMiB] [writtenMiB]} (default 100 and 1024).
 */
public final class BoundedFileSize {

  private BoundedFileSize() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    long budget = (args.length > 0 ? Long.parseLong(args[0]) : 100) << 20;
    long written = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
    byte[] value = new byte[64 * 1024];
    Path dir = Fixture.tempDir("bounded-file");
    Path file = dir.resolve("bounded.db");
    StoreCachingProvider provider = new StoreCachingProvider();
    long start = System.nanoTime();
    try (CacheManager manager = provider.getCacheManager(URI.create("sqlite:" + file),
        provider.getDefaultClassLoader())) {
      Cache<String, byte[]> cache = manager.createCache("files",
          new StoreConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
              .setMaxBytes(budget));
      long puts = written / value.length;
      for (long i = 0; i < puts; i++) {
        value[(int) (i % value.length)]++;
        cache.put("file-" + i, value);
        if ((i + 1) % (puts / 10) == 0) {
          Path wal = dir.resolve("bounded.db-wal");
          System.out.printf(Locale.ROOT, "%5d MiB written: file %6.1f MiB, WAL %5.1f MiB%n",
              (i + 1) * value.length >> 20, Files.size(file) / 1048576.0,
              Files.exists(wal) ? Files.size(wal) / 1048576.0 : 0.0);
        }
      }
    } finally {
      System.out.printf(Locale.ROOT, "budget %d MiB, %d MiB written in %.1f s%n", budget >> 20,
          written >> 20, (System.nanoTime() - start) / 1e9);
      Fixture.deleteTree(dir);
    }
  }
}
