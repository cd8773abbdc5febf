package io.jcachestores.http;

import java.io.Closeable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.apache.hc.client5.http.cache.HttpAsyncCacheStorage;
import org.apache.hc.client5.http.cache.HttpCacheCASOperation;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * An httpclient5-cache {@link HttpAsyncCacheStorage} on any JCache cache with String keys,
 * for async clients: every store operation runs on an executor, never on the caller's thread
 * (the client's I/O reactor), and reports through its callback. The semantics are those of
 * {@link JCacheHttpCacheStorage}, which does the work.
 *
 * <ul>
 *   <li>The returned {@link Cancellable} cancels a queued operation before it runs; a running
 *       one reports {@code cancelled()} and its result is dropped.
 *   <li>The default executor has {@value #DEFAULT_THREADS} daemon threads and a queue of
 *       {@value #DEFAULT_QUEUE_CAPACITY} operations; when it is full (a store too slow for the
 *       load) an operation fails at once with a {@link ResourceIOException}, which the client
 *       treats as a miss: requests go to the origin instead of piling up.
 *   <li>Store failures are reported as {@link ResourceIOException}, which the client treats as
 *       misses.
 * </ul>
 *
 * <p>{@link #close()} stops the default executor; an executor given to a constructor is the
 * caller's to stop.
 */
public final class JCacheHttpAsyncCacheStorage implements HttpAsyncCacheStorage, Closeable {

  /** Threads of the default executor. */
  public static final int DEFAULT_THREADS = 4;
  /** Queued operations the default executor accepts before failing new ones. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  private final JCacheHttpCacheStorage storage;
  private final Executor executor;
  private final ExecutorService owned;

  /** Creates a storage on {@code cache} with the defaults and its own bounded executor. */
  public JCacheHttpAsyncCacheStorage(Cache<String, ?> cache) {
    this(new JCacheHttpCacheStorage(cache));
  }

  /** Creates a storage on {@code cache} whose operations run on {@code executor}. */
  public JCacheHttpAsyncCacheStorage(Cache<String, ?> cache, Executor executor) {
    this(new JCacheHttpCacheStorage(cache), executor);
  }

  /** Runs the operations of {@code storage} on its own bounded executor. */
  public JCacheHttpAsyncCacheStorage(JCacheHttpCacheStorage storage) {
    this(storage, newExecutor(DEFAULT_THREADS, DEFAULT_QUEUE_CAPACITY), true);
  }

  /** Runs the operations of {@code storage} on {@code executor}. */
  public JCacheHttpAsyncCacheStorage(JCacheHttpCacheStorage storage, Executor executor) {
    this(storage, executor, false);
  }

  private JCacheHttpAsyncCacheStorage(JCacheHttpCacheStorage storage, Executor executor,
      boolean owned) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.owned = owned ? (ExecutorService) executor : null;
  }

  /**
   * Returns a new executor suited to store I/O: {@code threads} daemon threads named
   * {@code jcache-http-storage-N} and a queue of {@code queueCapacity} tasks, rejecting more.
   */
  public static ExecutorService newExecutor(int threads, int queueCapacity) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "jcache-http-storage-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Returns the blocking storage doing the work. */
  public JCacheHttpCacheStorage storage() {
    return storage;
  }

  @Override
  public Cancellable putEntry(String key, HttpCacheEntry entry, FutureCallback<Boolean> callback) {
    return submit("store of " + key, () -> {
      storage.putEntry(key, entry);
      return true;
    }, callback);
  }

  @Override
  public Cancellable getEntry(String key, FutureCallback<HttpCacheEntry> callback) {
    return submit("read of " + key, () -> storage.getEntry(key), callback);
  }

  @Override
  public Cancellable removeEntry(String key, FutureCallback<Boolean> callback) {
    return submit("removal of " + key, () -> {
      storage.removeEntry(key);
      return true;
    }, callback);
  }

  @Override
  public Cancellable updateEntry(String key, HttpCacheCASOperation casOperation,
      FutureCallback<Boolean> callback) {
    return submit("update of " + key, () -> {
      storage.updateEntry(key, casOperation);
      return true;
    }, callback);
  }

  @Override
  public Cancellable getEntries(Collection<String> keys,
      FutureCallback<Map<String, HttpCacheEntry>> callback) {
    List<String> copy = List.copyOf(keys);
    return submit("read of " + copy.size() + " entries", () -> storage.getEntries(copy),
        callback);
  }

  private <T> Cancellable submit(String description, StorageTask.Operation<T> operation,
      FutureCallback<T> callback) {
    StorageTask<T> task = new StorageTask<>(description, operation, callback);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.fail(new ResourceIOException("Cache storage is saturated or closed; " + description
          + " skipped", e));
    }
    return task;
  }

  /** Stops the executor this storage created; does nothing with one it was given. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown();
    }
  }
}
