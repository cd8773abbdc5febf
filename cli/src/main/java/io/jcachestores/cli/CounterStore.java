package io.jcachestores.cli;

import io.jcachestores.Caches;
import io.jcachestores.http.CacheOutcome;
import javax.cache.Cache;

/**
 * Hit / miss counters kept in the store next to the HTTP cache (cache {@code <name>.stats}), so
 * that {@code stats} reports what every {@code fetch} saw, across runs and machines. Each count
 * is an atomic {@code invoke}.
 */
final class CounterStore {

  private final Cache<String, Long> counters;

  private CounterStore(Cache<String, Long> counters) {
    this.counters = counters;
  }

  private static String name(Cache<?, ?> httpCache) {
    return httpCache.getName() + ".stats";
  }

  /** Opens the counters kept next to {@code httpCache}, creating them if needed. */
  static CounterStore creating(Cache<?, ?> httpCache) {
    return new CounterStore(Caches.getOrCreate(httpCache.getCacheManager(), name(httpCache),
        String.class, Long.class));
  }

  /** Opens the counters kept next to {@code httpCache}; there are none before a fetch. */
  static CounterStore existing(Cache<?, ?> httpCache) {
    return new CounterStore(
        httpCache.getCacheManager().getCache(name(httpCache), String.class, Long.class));
  }

  /** Counts one request with {@code outcome}. */
  void record(CacheOutcome outcome) {
    counters.invoke(outcome.name(), (entry, args) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
      return null;
    });
  }

  /** Returns the count of {@code outcome}. */
  long count(CacheOutcome outcome) {
    Long n = counters == null ? null : counters.get(outcome.name());
    return n == null ? 0 : n;
  }

  /** Sets every counter back to zero. */
  void reset() {
    if (counters != null) {
      counters.clear();
    }
  }
}
