package io.jcachestores.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Iterates a SQLite cache of 10^6 entries and records the used heap after a full GC before, every
 * 100,000 entries during, and after; writes a small JSON report. Usage:
 * {@code HeapDuringIteration out.json [entries]}. Run with a bounded heap (bin/bench uses 512m).
 */
public final class HeapDuringIteration {

  private HeapDuringIteration() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int every = 100_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (CacheManager manager = ScaleData.open(entries)) {
      Cache<String, byte[]> cache = ScaleData.cache(manager);
      double before = used(memory);
      double max = before;
      long seen = 0;
      long bytes = 0;
      for (Cache.Entry<String, byte[]> e : cache) {
        bytes += e.getValue().length;
        if (++seen % every == 0) {
          max = Math.max(max, used(memory));
        }
      }
      double after = used(memory);
      String json = String.format(Locale.ROOT, "{\"entries\": %d, \"seen\": %d, \"valueSize\": %d,"
          + " \"sampleEvery\": %d, \"beforeMiB\": %.1f, \"maxDuringMiB\": %.1f,"
          + " \"afterMiB\": %.1f, \"maxHeapMiB\": %d, \"bytesRead\": %d}%n", entries, seen,
          ScaleData.VALUE_SIZE, every, before, max, after,
          Runtime.getRuntime().maxMemory() / (1024 * 1024), bytes);
      Files.writeString(Path.of(args[0]), json);
      System.out.print(json);
    }
  }

  private static double used(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
