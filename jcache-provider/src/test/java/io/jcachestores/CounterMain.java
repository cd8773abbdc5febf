package io.jcachestores;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;

/**
 * A second process for cross-process tests: opens {@code uri}, says "ready", waits for a line on
 * standard input, then runs its part and prints its result.
 *
 * <p>Arguments: URI, cache name, mode ({@code invoke}: increment key "counter" N times;
 * {@code putIfAbsent}: try keys 0..N-1 with its own id, print how many it won), N, id.
 */
public final class CounterMain {

  /** Increments a Long entry, starting from 0. */
  public static final EntryProcessor<String, Long, Long> INCREMENT = (entry, args) -> {
    long next = (entry.exists() ? entry.getValue() : 0L) + 1;
    entry.setValue(next);
    return next;
  };

  private CounterMain() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    String mode = args[2];
    int n = Integer.parseInt(args[3]);
    String id = args[4];
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
      Cache<String, Long> cache = open(manager, cacheName);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long result = 0;
      if (mode.equals("invoke")) {
        for (int i = 0; i < n; i++) {
          cache.invoke("counter", INCREMENT);
        }
        result = n;
      } else {
        long mine = Long.parseLong(id);
        for (int i = 0; i < n; i++) {
          if (cache.putIfAbsent("key-" + i, mine)) {
            result++;
          }
        }
      }
      System.out.println("done " + result);
    }
  }

  public static Cache<String, Long> open(CacheManager manager, String cacheName) {
    Cache<String, Long> cache = manager.getCache(cacheName, String.class, Long.class);
    return cache != null ? cache : manager.createCache(cacheName,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }
}
