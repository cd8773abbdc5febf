package io.jcachestores;

import io.jcachestores.cache.StoreCache;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.ObjectName;

/**
 * A second process for the budget tests: opens cache {@code bounded} on {@code uri} with a byte
 * budget, says "ready", waits for a line, then writes {@code n} new entries of
 * {@code valueBytes} bytes while reading its own {@link #HOT} entries every {@link #READ_EVERY}
 * writes (writing one again only after a read missed it, as cache-aside code does), writes to
 * file {@code misses} how many of those reads missed
 * and how many there were, and prints {@code done <evictions it counted>}.
 *
 * <p>Arguments: URI, maxBytes, n, valueBytes, a prefix that makes its keys its own, the file.
 */
public final class BoundedWriterMain {

  static final int HOT = 5;
  static final int READ_EVERY = 10;

  private BoundedWriterMain() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    long maxBytes = Long.parseLong(args[1]);
    int n = Integer.parseInt(args[2]);
    byte[] value = new byte[Integer.parseInt(args[3])];
    String prefix = args[4];
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
      Cache<String, byte[]> cache = open(manager, maxBytes);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (int h = 0; h < HOT; h++) {
        cache.put(prefix + "-hot-" + h, value);
      }
      long reads = 0;
      long misses = 0;
      for (int i = 0; i < n; i++) {
        Arrays.fill(value, (byte) i);
        cache.put(prefix + "-" + i, value);
        if (i % READ_EVERY == 0) {
          for (int h = 0; h < HOT; h++) {
            reads++;
            if (cache.get(prefix + "-hot-" + h) == null) {
              misses++;
              cache.put(prefix + "-hot-" + h, value);  // cache-aside: a miss loads it again
            }
          }
        }
      }
      Files.writeString(Path.of(args[5]), misses + " " + reads);
      // a MongoDB cache adds this process's pending usage to the totals when asked (evicting if
      // that takes them over), so that the evictions read next include that last one
      cache.unwrap(StoreCache.class).usage();
      System.out.println("done " + evictions(manager));
    }
  }

  /** Creates (or opens, if stored) cache {@code bounded} with statistics and the byte budget. */
  static Cache<String, byte[]> open(CacheManager manager, long maxBytes) {
    return manager.createCache("bounded", new StoreConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class).setMaxBytes(maxBytes).setStatisticsEnabled(true));
  }

  /** Returns the evictions the statistics MXBean of cache {@code bounded} counted. */
  static long evictions(CacheManager manager) throws Exception {
    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=bounded");
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name,
        "CacheEvictions");
  }
}
