package io.jcachestores.benchmarks;

import java.util.Collection;
import java.util.Map;

/**
 * A key/value table driven directly through a store's own driver, with none of the cache's work
 * (codec, expiry, statistics): the baseline our caches are measured against. Each operation is
 * written the way a careful hand-written program would use that driver, bulk ones included, so
 * that a ratio of two raw operations says what the store itself allows.
 */
interface RawStore extends AutoCloseable {

  /** Returns the value stored under {@code key}, or null. */
  byte[] get(String key);

  /** Stores {@code value} under {@code key}, replacing any value. */
  void put(String key, byte[] value);

  /**
   * Returns the values stored under {@code keys} (distinct), read with as few requests as the
   * store allows; absent keys are left out.
   */
  Map<String, byte[]> getAll(Collection<String> keys);

  /** Stores every entry, replacing any values, with as few requests as the store allows. */
  void putAll(Map<String, byte[]> entries);

  @Override
  void close();
}
