package io.jcachestores.benchmarks;

/**
 * A key/value table driven directly through a store's own driver, with none of the cache's work
 * (codec, expiry, statistics): the baseline our caches are measured against.
 */
interface RawStore extends AutoCloseable {

  /** Returns the value stored under {@code key}, or null. */
  byte[] get(String key);

  /** Stores {@code value} under {@code key}, replacing any value. */
  void put(String key, byte[] value);

  @Override
  void close();
}
