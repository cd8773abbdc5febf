package io.jcachestores.cache;

import io.jcachestores.ExpiringEntry;
import java.time.Duration;
import java.util.function.Function;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} works on: it records what the
 * processor did (read, create, load, update, remove) for the cache to apply atomically afterwards.
 */
final class ProcessorEntry<K, V> implements ExpiringEntry<K, V> {

  /** What the processor did to the entry, in the terms of the specification. */
  enum Operation { NONE, ACCESS, CREATE, LOAD, UPDATE, REMOVE }

  private final K key;
  private final boolean existed;
  private final Function<K, V> loader;
  private V value;
  private Operation operation = Operation.NONE;
  private Duration timeToLive;

  /**
   * @param existed whether a live entry existed when the processor started
   * @param value its value, or null
   * @param loader the read-through loader, or null
   */
  ProcessorEntry(K key, boolean existed, V value, Function<K, V> loader) {
    this.key = key;
    this.existed = existed;
    this.value = value;
    this.loader = loader;
  }

  Operation operation() {
    return operation;
  }

  /** Returns the time to live given with the value, or null to ask the expiry policy. */
  Duration timeToLive() {
    return timeToLive;
  }

  /** Returns the value the entry has now (set, loaded or original), or null. */
  V value() {
    return value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (value != null) {
      if (operation == Operation.NONE) {
        operation = Operation.ACCESS;
      }
      return value;
    }
    if (loader != null) {
      value = loader.apply(key);
      if (value != null) {
        operation = Operation.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    operation = operation == Operation.CREATE || operation == Operation.LOAD
        ? Operation.NONE : Operation.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    if (newValue == null) {
      throw new NullPointerException("value");
    }
    operation = existed ? Operation.UPDATE : Operation.CREATE;
    value = newValue;
    timeToLive = null;
  }

  @Override
  public void setValue(V newValue, Duration newTimeToLive) {
    Expiry.requireTimeToLive(newTimeToLive);
    setValue(newValue);
    timeToLive = newTimeToLive;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz);
  }
}
