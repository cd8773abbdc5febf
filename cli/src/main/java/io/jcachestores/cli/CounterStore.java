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

  /** Opens (creating it if needed) the counters kept next to {@code httpCache}. */
  CounterStore(Cache<?, ?> httpCache) {
    this.counters = Caches.getOrCreate(httpCache.getCacheManager(), httpCache.getName() + ".stats",
        String.class, Long.class);
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
    Long n = counters.get(outcome.name());
    return n == null ? 0 : n;
  }

  /** Sets every counter back to zero. */
  void reset() {
    counters.clear();
  }
}
