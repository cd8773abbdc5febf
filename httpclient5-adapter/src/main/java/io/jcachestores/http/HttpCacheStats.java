package io.jcachestores.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the {@link CacheOutcome}s of the requests made by the clients of one
 * {@link JCacheHttpCaching}: in memory, since the clients were built. Thread-safe.
 */
public final class HttpCacheStats {

  private final Map<CacheOutcome, LongAdder> counts = new EnumMap<>(CacheOutcome.class);

  /** Creates counters at zero. */
  public HttpCacheStats() {
    for (CacheOutcome o : CacheOutcome.values()) {
      counts.put(o, new LongAdder());
    }
  }

  /** Counts one request whose outcome was {@code outcome}. */
  public void record(CacheOutcome outcome) {
    counts.get(Objects.requireNonNull(outcome, "outcome")).increment();
  }

  /** Returns the number of requests whose outcome was {@code outcome}. */
  public long count(CacheOutcome outcome) {
    return counts.get(Objects.requireNonNull(outcome, "outcome")).sum();
  }

  /** Returns the number of responses served from the cache without contacting the origin. */
  public long hits() {
    return count(CacheOutcome.HIT);
  }

  /** Returns the number of responses fetched from the origin with nothing usable stored. */
  public long misses() {
    return count(CacheOutcome.MISS);
  }

  /** Returns the number of stored responses the origin confirmed ({@code 304 Not Modified}). */
  public long validated() {
    return count(CacheOutcome.VALIDATED);
  }

  /** Returns the number of stored responses the origin replaced with a new one. */
  public long refreshed() {
    return count(CacheOutcome.REFRESHED);
  }

  /** Returns the number of stale responses served (stale-while-revalidate, stale-if-error). */
  public long stale() {
    return count(CacheOutcome.STALE);
  }

  /** Returns every count, by outcome, in the order of {@link CacheOutcome}. */
  public Map<CacheOutcome, Long> asMap() {
    Map<CacheOutcome, Long> map = new EnumMap<>(CacheOutcome.class);
    counts.forEach((o, n) -> map.put(o, n.sum()));
    return map;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
