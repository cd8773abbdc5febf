package io.jcachestores;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;

/**
 * A second process for the cross-process tests of {@link KeyValueCache} (see {@link Processes}).
 *
 * <p>Arguments: URI, cache name, mode, threads, N, id. {@code increment}: each thread increments
 * key "counter" N times, and it prints the total of increments done. {@code add}: each thread
 * tries to add keys 0..N-1 with value {@code id}, and it prints how many adds it won.
 */
public final class KeyValueMain {

  private KeyValueMain() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String mode = args[2];
    int threads = Integer.parseInt(args[3]);
    int n = Integer.parseInt(args[4]);
    long id = Long.parseLong(args[5]);
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
      @SuppressWarnings("unchecked")
      KeyValueCache<String, Long> cache = Caches.getOrCreate(manager, args[1], String.class,
          Long.class).unwrap(KeyValueCache.class);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      AtomicLong result = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < n; i++) {
            if (mode.equals("increment")) {
              cache.increment("counter", 1);
              result.incrementAndGet();
            } else if (cache.add("key-" + i, id, null)) {
              result.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      System.out.println("done " + result.get());
    }
  }
}
