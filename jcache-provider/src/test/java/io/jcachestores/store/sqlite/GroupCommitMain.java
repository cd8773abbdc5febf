package io.jcachestores.store.sqlite;

import io.jcachestores.CounterMain;
import io.jcachestores.StoreCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * A second process that writes from many threads at once, so that its writes commit in groups.
 * Opens {@code uri}, says "ready", waits for a line on standard input, then runs {@code threads}
 * threads and prints "done &lt;writes&gt;".
 *
 * <p>Arguments: URI, cache name, mode, threads, operations per thread (-1: until killed), id.
 * Mode {@code puts}: each thread alternates a put of {@code id-t-i} and a putAll of the five keys
 * {@code id-t-i/0..4}, printing "put KEY" or "putAll KEY1,...,KEY5" only after each call returned.
 * Mode {@code counter}: each thread alternates an increment of "counter" through invoke and a put
 * of another key, so that increments run between groups of puts.
 */
public final class GroupCommitMain {

  private GroupCommitMain() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    String mode = args[2];
    int threads = Integer.parseInt(args[3]);
    long operations = Long.parseLong(args[4]);
    String id = args[5];
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
      Cache<String, Long> cache = CounterMain.open(manager, cacheName);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      List<Thread> workers = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int t = 0; t < threads; t++) {
        String prefix = id + "-" + t + "-";
        Thread worker = new Thread(() -> {
          for (long i = 0; operations < 0 || i < operations; i++) {
            if (mode.equals("counter")) {
              cache.invoke("counter", CounterMain.INCREMENT);
              cache.put(prefix + i, i);
            } else if (i % 2 == 0) {
              cache.put(prefix + i, i);
              acknowledge("put " + prefix + i);
            } else {
              Map<String, Long> batch = new LinkedHashMap<>();
              for (int k = 0; k < 5; k++) {
                batch.put(prefix + i + "/" + k, i);
              }
              cache.putAll(batch);
              acknowledge("putAll " + String.join(",", batch.keySet()));
            }
          }
        });
        worker.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      if (failure.get() != null) {
        failure.get().printStackTrace();
        System.exit(1);
      }
      System.out.println("done " + threads * operations);
    }
  }

  private static void acknowledge(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
