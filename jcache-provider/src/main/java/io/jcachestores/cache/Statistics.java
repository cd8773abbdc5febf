package io.jcachestores.cache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache in this process, as the specification defines them. Counting only
 * happens while statistics are enabled; times are in microseconds.
 */
final class Statistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns a start time for an operation, 0 when statistics are disabled. */
  long start() {
    return enabled ? System.nanoTime() : 0;
  }

  void hits(long n) {
    if (enabled && n > 0) {
      hits.add(n);
    }
  }

  void misses(long n) {
    if (enabled && n > 0) {
      misses.add(n);
    }
  }

  void gotten(long start) {
    if (enabled) {
      getNanos.add(System.nanoTime() - start);
    }
  }

  void puts(long n, long start) {
    if (enabled && n > 0) {
      puts.add(n);
      putNanos.add(System.nanoTime() - start);
    }
  }

  void removals(long n, long start) {
    if (enabled && n > 0) {
      removals.add(n);
      removeNanos.add(System.nanoTime() - start);
    }
  }

  /** Counts entries the store evicted to hold the cache's budget. */
  void evictions(long n) {
    if (enabled && n > 0) {
      evictions.add(n);
    }
  }

  @Override
  public void clear() {
    for (LongAdder a : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos,
        putNanos, removeNanos}) {
      a.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0 : (float) getCacheHits() / gets * 100.0f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0 : (float) getCacheMisses() / gets * 100.0f;
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  /**
   * Returns how many live entries the writes of this process evicted to hold the cache's budget
   * (always 0 for an unbounded cache). Expired entries deleted on the way are not evictions.
   */
  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), getCacheRemovals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0 : (nanos / (float) count) / 1000f;
  }
}
