package io.jcachestores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A cache configuration with the options of jcache-stores on top of JCache's own. A plain
 * {@link MutableConfiguration} works as well; this class only adds per-cache options.
 *
 * <ul>
 *   <li>{@link #allowClasses(String...)}: classes (or packages: {@code com.example.*},
 *       {@code com.example.**}) that may be Java-deserialized from this cache's store, on top of
 *       the JDK value types, the configured key and value types, and the CacheManager's
 *       {@code allow} option. They are remembered in the store, but a cache reopened with
 *       {@code getCache(name)} after a restart honours them only when the CacheManager has a
 *       {@code secretKey} and the stored configuration verifies: nothing read from the store may
 *       otherwise widen what is deserialized.
 * </ul>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StoreConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private final List<String> allowedClasses = new ArrayList<>();

  /** Creates a configuration with JCache's defaults: Object keys and values, eternal entries. */
  public StoreConfiguration() {}

  /** Creates a copy of {@code configuration}, including our options when it is one of ours. */
  public StoreConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof StoreConfiguration<K, V> ours) {
      allowedClasses.addAll(ours.allowedClasses);
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

  /** Returns the class patterns added with {@link #allowClasses(String...)}. */
  public List<String> getAllowedClasses() {
    return Collections.unmodifiableList(allowedClasses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreConfiguration<?, ?> other && super.equals(o)
        && allowedClasses.equals(other.allowedClasses);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + allowedClasses.hashCode();
  }
}
