package io.jcachestores.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's loader and writer, as the specification uses them: what they throw is a
 * {@link CacheLoaderException} / {@link CacheWriterException}. Without write-through the writer
 * is a null object that writes nothing, so callers never ask whether there is one.
 *
 * <p>Where the writer runs: single-key writes call it inside the store's atomic step, so that
 * the write-through and the stored value agree even when processes race. On SQLite the step holds
 * the file's write lock ({@code BEGIN IMMEDIATE}) while the writer runs; on MongoDB and DynamoDB
 * the step is retried after a lost race, and the writer is called again for the retry. A writer
 * should therefore be quick and idempotent (a database upsert is). Bulk writes call it once,
 * before the store is written.
 */
final class ReadWriteThrough<K, V> implements AutoCloseable {

  private final CacheLoader<K, V> loader;
  private final boolean readThrough;
  /** The writer called on writes: the configured one with write-through, else a null object. */
  private final CacheWriter<K, V> writer;
  /** The configured writer, closed with the cache even without write-through. */
  private final CacheWriter<K, V> configuredWriter;

  @SuppressWarnings("unchecked")
  ReadWriteThrough(CompleteConfiguration<K, V> configuration) {
    this.loader = configuration.getCacheLoaderFactory() == null
        ? null : (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create();
    this.readThrough = configuration.isReadThrough() && loader != null;
    this.configuredWriter = configuration.getCacheWriterFactory() == null
        ? null : (CacheWriter<K, V>) configuration.getCacheWriterFactory().create();
    this.writer = configuration.isWriteThrough() && configuredWriter != null
        ? configuredWriter : (CacheWriter<K, V>) (CacheWriter<?, ?>) NO_WRITER;
  }

  /** Returns whether there is a loader ({@code loadAll} uses it even without read-through). */
  boolean canLoad() {
    return loader != null;
  }

  boolean isReadThrough() {
    return readThrough;
  }

  /** Returns whether writes are written through (a writer is configured and enabled). */
  boolean isWriteThrough() {
    return writer != NO_WRITER;
  }

  V load(K key) {
    try {
      return loader.load(key);
    } catch (RuntimeException e) {
      throw loaderFailure(e);
    }
  }

  /** Loads {@code keys}; returns the non-null values the loader gave, in the keys' order. */
  Map<K, V> loadAll(Collection<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (Exception e) {
      throw loaderFailure(e);
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (loaded != null) {
      for (K key : keys) {
        V value = loaded.get(key);
        if (value != null) {
          result.put(key, value);
        }
      }
    }
    return result;
  }

  /** Writes through, if write-through is on. */
  void write(K key, V value) {
    try {
      writer.write(new StoreCacheEntry<>(key, value));
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  /** Deletes through, if write-through is on. */
  void delete(K key) {
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  /**
   * Writes {@code toPut} through; removes from it what the writer did not write and returns the
   * writer's failure, or null.
   */
  CacheWriterException writeAll(Map<K, V> toPut) {
    if (writer == NO_WRITER || toPut.isEmpty()) {
      return null;  // spares building the entries
    }
    List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toPut.size());
    toPut.forEach((k, v) -> entries.add(new StoreCacheEntry<>(k, v)));
    try {
      writer.writeAll(entries);
      return null;
    } catch (Exception e) {
      for (Cache.Entry<? extends K, ? extends V> unwritten : entries) {
        toPut.remove(unwritten.getKey());
      }
      return writerFailure(e);
    }
  }

  /**
   * Deletes {@code toRemove} through; removes from it what the writer did not delete and returns
   * the writer's failure, or null.
   */
  CacheWriterException deleteAll(Set<K> toRemove) {
    Set<K> unwritten = new LinkedHashSet<>(toRemove);
    try {
      writer.deleteAll(unwritten);
      return null;
    } catch (Exception e) {
      toRemove.removeAll(unwritten);
      return writerFailure(e);
    }
  }

  @Override
  public void close() {
    Closeables.closeQuietly(loader);
    Closeables.closeQuietly(configuredWriter);
  }

  private static CacheLoaderException loaderFailure(Exception e) {
    return e instanceof CacheLoaderException cle
        ? cle : new CacheLoaderException("Exception in CacheLoader", e);
  }

  private static CacheWriterException writerFailure(Exception e) {
    return e instanceof CacheWriterException cwe
        ? cwe : new CacheWriterException("Exception in CacheWriter", e);
  }

  /** The writer of a cache without write-through: writes nothing, and so never fails. */
  private static final CacheWriter<Object, Object> NO_WRITER = new CacheWriter<>() {
    @Override
    public void write(Cache.Entry<? extends Object, ? extends Object> entry) {}

    @Override
    public void writeAll(
        Collection<Cache.Entry<? extends Object, ? extends Object>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {}
  };
}
