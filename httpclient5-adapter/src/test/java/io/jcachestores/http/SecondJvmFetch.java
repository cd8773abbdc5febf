package io.jcachestores.http;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Run in a second JVM by the tests: fetches a URL through a cache in a store and prints the
 * cache outcome (e.g. {@code CACHE_HIT}) and the body on one line.
 */
public final class SecondJvmFetch {

  private SecondJvmFetch() {}

  /** Arguments: store URI, URL. */
  public static void main(String[] args) throws Exception {
    try (JCacheHttpCaching caching = JCacheHttpCaching.builder().store(args[0]).build();
        CloseableHttpClient client = caching.newClassicClient()) {
      Clients.Result r = Clients.get(client, args[1]);
      System.out.println(r.cache() + " " + r.status() + " " + r.body());
    }
  }
}
