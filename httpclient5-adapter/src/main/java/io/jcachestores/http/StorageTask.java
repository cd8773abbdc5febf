package io.jcachestores.http;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage operation queued on an executor: reports exactly once to its callback
 * (completed, failed or cancelled). Cancelling a queued task keeps it from running; cancelling a
 * running one reports {@code cancelled()} at once and drops its result when it ends (store I/O is
 * not interrupted, which could break a shared connection).
 */
final class StorageTask<T> implements Runnable, Cancellable {

  /** A blocking storage operation. */
  @FunctionalInterface
  interface Operation<T> {
    T run() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(StorageTask.class);
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final String description;
  private final Operation<T> operation;
  private final FutureCallback<T> callback;
  private final AtomicInteger state = new AtomicInteger(QUEUED);

  StorageTask(String description, Operation<T> operation, FutureCallback<T> callback) {
    this.description = description;
    this.operation = operation;
    this.callback = callback;
  }

  @Override
  public void run() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return;
    }
    T result;
    try {
      result = operation.run();
    } catch (ResourceIOException e) {
      fail(e);
      return;
    } catch (Exception | LinkageError e) {
      fail(new ResourceIOException(description + " failed: " + e, e));
      return;
    }
    if (finish()) {
      report(() -> callback.completed(result));
    }
  }

  /** Reports {@code e} unless the task already reported. */
  void fail(Exception e) {
    if (finish()) {
      report(() -> callback.failed(e));
    }
  }

  @Override
  public boolean cancel() {
    if (finish()) {
      report(callback::cancelled);
      return true;
    }
    return false;
  }

  /** Moves to DONE; returns true if this call did it, so it is the one to report. */
  private boolean finish() {
    while (true) {
      int s = state.get();
      if (s == DONE) {
        return false;
      }
      if (state.compareAndSet(s, DONE)) {
        return true;
      }
    }
  }

  private void report(Runnable r) {
    if (callback == null) {
      return;
    }
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Callback of {} threw {}", description, e.toString(), e);
    }
  }
}
