package io.jcachestores.examples;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

/**
 * The quick start of the README: a cache with an expiry policy in the embedded SQLite default,
 * through nothing but the standard JCache API. Run it twice: the second run finds what the first
 * stored.
 */
public final class QuickStart {

  private QuickStart() {}

  /** Counts this program's runs in a persistent cache and prints what it finds. */
  public static void main(String[] args) {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager()) {
      Cache<String, Long> runs = manager.getCache("quickstart", String.class, Long.class);
      if (runs == null) {
        runs = manager.createCache("quickstart", new MutableConfiguration<String, Long>()
            .setTypes(String.class, Long.class)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                new Duration(TimeUnit.DAYS, 1))));
      }
      Long previous = runs.get("runs");
      long now = previous == null ? 1 : previous + 1;
      runs.put("runs", now);
      System.out.printf("store: %s%n", manager.getURI());
      System.out.printf("runs counted in the last day: %d%s%n", now,
          previous == null ? " (first run, or the entry expired)" : " (found in the store)");
    }
  }
}
