package io.jcachestores.spi;

import java.net.URI;
import java.util.Set;

/**
 * Opens storages for the URI schemes it supports. Implementations are found with
 * {@link java.util.ServiceLoader} (register them in
 * {@code META-INF/services/io.jcachestores.spi.StoreFactory}) and must have a public no-argument
 * constructor that touches no optional dependency, so that a missing driver only fails when its
 * scheme is used.
 */
public interface StoreFactory {

  /** Returns the URI schemes this factory opens, lower case, e.g. {@code sqlite}. */
  Set<String> schemes();

  /**
   * Returns the names of the options this store reads, beyond those every store understands
   * (such as {@code allow}). An option that neither this store nor every store knows is refused
   * before {@link #open} is called, so that a misspelled name fails instead of being ignored.
   */
  Set<String> optionNames();

  /**
   * Returns whether the URI's query parameters that are not options belong to the store's own
   * connection string (as MongoDB's driver options do) and are left to it; when false (the
   * default) they are refused as unknown options.
   */
  default boolean passesOtherUriParameters() {
    return false;
  }

  /**
   * Opens the storage that {@code uri} names.
   *
   * @param uri a URI with one of {@link #schemes()}
   * @param options the store options: URI query parameters, CacheManager properties and defaults
   * @throws IllegalArgumentException if the URI or an option is malformed
   * @throws javax.cache.CacheException if the storage cannot be reached or opened
   */
  Storage open(URI uri, StoreOptions options);
}
