package io.jcachestores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A cache configuration with the options of jcache-stores on top of JCache's own. A plain
 * {@link MutableConfiguration} works as well; this class only adds per-cache options. Every
 * setter returns this type, so that JCache's setters and ours chain in any order:
 * {@code new StoreConfiguration<String, Person>().setTypes(String.class, Person.class)
 * .allowClasses("com.example.Address")}.
 *
 * <ul>
 *   <li>{@link #allowClasses(String...)}: classes (or packages: {@code com.example.*},
 *       {@code com.example.**}) that may be Java-deserialized from this cache's store, on top of
 *       the JDK value types, the configured key and value types, and the CacheManager's
 *       {@code allow} option. They are remembered in the store, but a cache reopened with
 *       {@code getCache(name)} after a restart honours them only when the CacheManager has a
 *       {@code secretKey} and the stored configuration verifies: nothing read from the store may
 *       otherwise widen what is deserialized.
 *   <li>{@link #setMaxEntries(long)}, {@link #setMaxBytes(long)}: the most entries and bytes (of
 *       keys and values as stored) this cache may hold in its store, whichever process writes;
 *       a write that takes it over evicts the least recently used entries (expired ones first).
 *       Unset, the CacheManager's options {@code maxEntries} / {@code maxBytes} apply (default:
 *       unbounded); 0 means unbounded. Remembered in the store, so that a cache reopened with
 *       {@code getCache(name)} keeps its bounds. JCache has no eviction event: no listener is
 *       called for an evicted entry; evictions are counted in the statistics.
 *   <li>{@link #serializer(Serializer)}: the format of the values, such as JSON documents
 *       ({@link Serializer#json}) instead of the built-in codec.
 * </ul>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StoreConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private final List<String> allowedClasses = new ArrayList<>();
  /** -1: the CacheManager's option; 0: unbounded. */
  private long maxEntries = -1;
  private long maxBytes = -1;
  private transient Serializer<V> serializer;

  /** Creates a configuration with JCache's defaults: Object keys and values, eternal entries. */
  public StoreConfiguration() {}

  /** Creates a copy of {@code configuration}, including our options when it is one of ours. */
  public StoreConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof StoreConfiguration<K, V> ours) {
      allowedClasses.addAll(ours.allowedClasses);
      maxEntries = ours.maxEntries;
      maxBytes = ours.maxBytes;
      serializer = ours.serializer;
    }
  }

  /**
   * Adds class names or package patterns that may be deserialized from this cache's store.
   *
   * @return this configuration
   */
  public StoreConfiguration<K, V> allowClasses(String... patterns) {
    for (String p : patterns) {
      allowedClasses.add(Objects.requireNonNull(p, "pattern"));
    }
    return this;
  }

  /**
   * Bounds this cache to {@code maxEntries} entries in its store, whichever process writes them
   * (see the class comment); 0 for no bound, whatever the CacheManager's option says.
   *
   * @return this configuration
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public StoreConfiguration<K, V> setMaxEntries(long maxEntries) {
    this.maxEntries = requireNotNegative("maxEntries", maxEntries);
    return this;
  }

  /**
   * Bounds this cache to {@code maxBytes} bytes of keys and values as stored, whichever process
   * writes them (see the class comment); 0 for no bound, whatever the CacheManager's option says.
   *
   * @return this configuration
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public StoreConfiguration<K, V> setMaxBytes(long maxBytes) {
    this.maxBytes = requireNotNegative("maxBytes", maxBytes);
    return this;
  }

  private static long requireNotNegative(String what, long n) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must not be negative, not " + n);
    }
    return n;
  }

  /**
   * Returns the bound set with {@link #setMaxEntries(long)} (0: unbounded), or empty if none was
   * set: then the CacheManager's option {@code maxEntries} applies.
   */
  public OptionalLong getMaxEntries() {
    return maxEntries < 0 ? OptionalLong.empty() : OptionalLong.of(maxEntries);
  }

  /**
   * Returns the bound set with {@link #setMaxBytes(long)} (0: unbounded), or empty if none was
   * set: then the CacheManager's option {@code maxBytes} applies.
   */
  public OptionalLong getMaxBytes() {
    return maxBytes < 0 ? OptionalLong.empty() : OptionalLong.of(maxBytes);
  }

  /**
   * Stores this cache's values through {@code serializer} instead of the built-in codec, e.g.
   * {@link Serializer#json Serializer.json(Person.class)}: see {@link Serializer} for the
   * contract. It wins over the CacheManager's {@code serializer} option. Like loaders and
   * listeners it is code, not remembered in the store: a cache reopened with
   * {@code getCache(name)} uses the option (or the codec), so open it with this configuration
   * (or the option) again.
   *
   * @param serializer the serializer, or null for the CacheManager's choice
   * @return this configuration
   */
  public StoreConfiguration<K, V> serializer(Serializer<V> serializer) {
    this.serializer = serializer;
    return this;
  }

  /** Returns the serializer of this cache's values, or null for the CacheManager's choice. */
  public Serializer<V> getSerializer() {
    return serializer;
  }

  // MutableConfiguration's setters, returning this type so that calls chain with ours

  @Override
  public StoreConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.addCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setCacheLoaderFactory(
      Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public StoreConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  /** Returns the class patterns added with {@link #allowClasses(String...)}. */
  public List<String> getAllowedClasses() {
    return Collections.unmodifiableList(allowedClasses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreConfiguration<?, ?> other && super.equals(o)
        && allowedClasses.equals(other.allowedClasses) && maxEntries == other.maxEntries
        && maxBytes == other.maxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), allowedClasses, maxEntries, maxBytes);
  }
}
