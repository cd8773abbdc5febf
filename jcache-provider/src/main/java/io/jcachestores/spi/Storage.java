package io.jcachestores.spi;

import java.util.Set;

/**
 * Where all caches of one CacheManager live: a SQLite file, a MongoDB database, a DynamoDB table.
 *
 * <p>A storage knows which caches exist (so that they can be reopened after a restart) and keeps,
 * for each, a small opaque descriptor written by the JCache layer. It is thread-safe and may be
 * shared with other processes. {@link #close()} releases what the storage opened; it never closes
 * a client the user handed in.
 */
public interface Storage extends AutoCloseable {

  /** Returns the names of the caches that exist in this storage, in no particular order. */
  Set<String> cacheNames();

  /** Returns the descriptor stored for cache {@code name}, or null if the cache does not exist. */
  String descriptor(String name);

  /**
   * Opens cache {@code name}, registering it with {@code descriptor} (replacing a previous
   * descriptor) and creating whatever the store needs for it. Existing entries are kept.
   */
  Store open(String name, String descriptor);

  /** Deletes cache {@code name}: its registration and all its entries. Does nothing if absent. */
  void destroy(String name);

  /**
   * Deletes entries of every cache that expired before {@code now} (epoch milliseconds); stores
   * with a native TTL may leave this to the server. Returns how many were deleted, if known.
   */
  long purgeExpired(long now);

  /** Returns a short description for messages and logs: the store kind and where it is, no secrets. */
  String describe();

  /** Releases the resources this storage opened. */
  @Override
  void close();
}
