package io.jcachestores.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * Run in a second JVM by the collapsing tests: builds a classic client on a store, prints
 * {@code ready}, waits for a line on standard input, then GETs a URL from N threads at once and
 * prints the count of each outcome ({@code {HIT=15, MISS=1}}).
 */
public final class SecondJvmCollapse {

  private SecondJvmCollapse() {}

  /** Arguments: store URI, URL, threads, lease duration in milliseconds. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    try (JCacheHttpCaching caching = JCacheHttpCaching.builder().store(args[0])
            .leaseDuration(Duration.ofMillis(Long.parseLong(args[3]))).build();
        CloseableHttpClient client = caching.classicBuilder()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(threads).setMaxConnTotal(threads).build())
            .build()) {
      System.out.println("ready");
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Clients.Result>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> Clients.get(client, args[1])));
      }
      Map<CacheOutcome, Integer> outcomes = new TreeMap<>();
      for (Future<Clients.Result> f : results) {
        outcomes.merge(f.get().outcome(), 1, Integer::sum);
      }
      pool.shutdown();
      System.out.println(outcomes);
    }
  }
}
