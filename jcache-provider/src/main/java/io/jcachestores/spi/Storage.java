package io.jcachestores.spi;

import java.util.Set;
import java.util.function.LongConsumer;

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

  /**
   * Opens cache {@code name} as {@link #open(String, String)} does, holding it within
   * {@code budget}: every write of the returned store that takes the cache over the budget evicts
   * (see {@link Budget}) in the same atomic step where the store allows it, and tells
   * {@code evicted} how many live entries it evicted (expired entries deleted on the way are not
   * counted). Reads record recency cheaply (never a write on every hit). Processes sharing the
   * cache should open it with the same budget: each enforces the one it was given.
   *
   * <p>The default opens unbounded caches and refuses a bounded budget.
   *
   * @throws UnsupportedOperationException if the store cannot hold this budget, saying why
   */
  default Store open(String name, String descriptor, Budget budget, LongConsumer evicted) {
    if (budget.isBounded()) {
      throw new UnsupportedOperationException(describe() + " cannot bound the size of cache '"
          + name + "'");
    }
    return open(name, descriptor);
  }

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
