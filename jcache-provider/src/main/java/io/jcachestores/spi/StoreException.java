package io.jcachestores.spi;

import javax.cache.CacheException;

/**
 * A store operation that failed: the server is down or slow, the file is locked, the request was
 * refused. Every store reports its failures with this one type, so that callers can tell which
 * store, operation and cache failed, where, and whether it was a timeout, without parsing text.
 *
 * <p>The message reads {@code <store> <operation> failed for [cache '<cache>' in ]<where>:
 * <detail>}, e.g. {@code SQLite put failed for cache 'users' in SQLite file /tmp/a.db: the
 * database is locked by another connection (waited up to busyTimeout = 5000 ms)}. It never
 * holds credentials: stores pass a {@code where} and a {@code detail} that have none.
 *
 * <p>What is wrong with the data rather than the store (an entry over the store's size limit,
 * refused before it is sent; an item the store did not write) is a plain
 * {@link CacheException} naming the cache.
 */
public final class StoreException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final String store;
  private final String operation;
  private final String cache;
  private final String where;
  private final boolean timedOut;

  /**
   * Creates the exception of a failed store operation.
   *
   * @param store the kind of store, e.g. {@code SQLite}, {@code MongoDB}, {@code DynamoDB}
   * @param operation the store operation, e.g. {@code get}, {@code compute}, {@code open}
   * @param cache the cache, or null for an operation on the whole storage
   * @param where the storage, e.g. {@code SQLite file /tmp/a.db}, with no credentials
   * @param detail what went wrong, with no credentials
   * @param timedOut whether the store did not answer within its configured timeout
   * @param cause the driver's exception, or null
   */
  public StoreException(String store, String operation, String cache, String where,
      String detail, boolean timedOut, Throwable cause) {
    super(store + " " + operation + " failed for "
        + (cache == null ? "" : "cache '" + cache + "' in ") + where + ": " + detail, cause);
    this.store = store;
    this.operation = operation;
    this.cache = cache;
    this.where = where;
    this.timedOut = timedOut;
  }

  /** Returns the kind of store that failed, e.g. {@code SQLite}. */
  public String store() {
    return store;
  }

  /** Returns the store operation that failed, e.g. {@code get}. */
  public String operation() {
    return operation;
  }

  /** Returns the cache the operation was for, or null for an operation on the whole storage. */
  public String cache() {
    return cache;
  }

  /** Returns the storage the operation ran on, e.g. {@code SQLite file /tmp/a.db}. */
  public String where() {
    return where;
  }

  /** Returns whether the store did not answer within its configured timeout. */
  public boolean timedOut() {
    return timedOut;
  }
}
