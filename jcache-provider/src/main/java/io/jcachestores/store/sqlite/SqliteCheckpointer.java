package io.jcachestores.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL of one SQLite file back into the database from a thread and a connection of its
 * own, so that the writer does not: a checkpoint copies every page written since the last one and
 * waits for the disk twice (WAL, then database), which took milliseconds inside a writer's commit
 * and held up every thread queued behind it (benchmarks/notes.md, round 6).
 *
 * <p>It runs a {@code PASSIVE} checkpoint once the writer has committed {@link #WRITES} writes
 * since the last one, or within {@link #IDLE} of the last write: {@code PASSIVE} never takes the
 * write lock nor waits for readers, so writers and readers of every process go on meanwhile. But
 * with writes going on it never catches up with the end of the WAL, and the WAL starts again from
 * its beginning only when a checkpoint did: so once the WAL holds {@link #RESTART_PAGES} pages,
 * a {@code RESTART} checkpoint follows while this process's writers wait (the storage's write
 * lock, so that they queue in Java rather than sleep in SQLite's busy handler): it copies only the
 * pages written since the passive one, waits for readers still reading the WAL (a get takes
 * microseconds) and lets the next write start the WAL again. The writer's own automatic
 * checkpoint stays on as a far bound ({@link #WRITER_BOUND_PAGES}), for when this thread falls
 * behind; when it runs, it finds most pages already copied. Other processes
 * sharing the file checkpoint as they did; SQLite lets one checkpoint run at a time, and one that
 * finds another running skips its turn. A checkpoint is crash-safe in SQLite itself: a kill at any
 * point leaves the WAL to be copied again.
 */
final class SqliteCheckpointer implements AutoCloseable {

  /** Writes committed between two checkpoints (most puts change one page: about as many pages). */
  static final int WRITES = 500;
  /** The WAL size that makes the WAL start again: SQLite's own default checkpoint size. */
  static final int RESTART_PAGES = 1_000;
  /**
   * How long a {@code RESTART} waits for readers to leave the WAL (this process's writers wait
   * meanwhile): enough for gets, not for a long read; when it gives up, the next one tries again.
   */
  static final int RESTART_WAIT_MILLIS = 10;
  /** The writer's own {@code wal_autocheckpoint}: a bound for when this thread falls behind. */
  static final int WRITER_BOUND_PAGES = 4_000;
  /** How long after the last write the pages it wrote are copied back at the latest. */
  static final long IDLE = TimeUnit.SECONDS.toNanos(1);

  private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);

  private final SqliteConnection connection;
  private final String file;
  private final Consumer<Runnable> withoutWriters;
  private final Thread thread;
  /** Written by the writer only (under the storage's write lock). */
  private int writesSinceSignal;
  private volatile long written;
  private volatile boolean stopped;

  /**
   * Starts checkpointing {@code file} on {@code connection}; {@code withoutWriters} runs what it
   * is given while no writer of this process writes.
   */
  SqliteCheckpointer(SqliteConnection connection, String file,
      Consumer<Runnable> withoutWriters) {
    this.connection = connection;
    this.file = file;
    this.withoutWriters = withoutWriters;
    try {
      connection.execute("PRAGMA busy_timeout = " + RESTART_WAIT_MILLIS);
    } catch (SQLException e) {
      LOG.warn("SQLite file {}: cannot shorten the checkpoint's busy timeout: {}", file,
          e.getMessage());
    }
    this.thread = new Thread(this::run, "jcache-stores SQLite checkpoint " + file);
    thread.setDaemon(true);
    thread.start();
  }

  /** Called by the writer after it committed {@code writes} writes (under its lock). */
  void committed(int writes) {
    written += writes;
    writesSinceSignal += writes;
    if (writesSinceSignal >= WRITES) {
      writesSinceSignal = 0;
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    long copied = 0;
    try {
      while (!stopped) {
        long seen = written;
        if (seen == copied) {
          LockSupport.park(this);
        } else {
          if (seen - copied < WRITES) {
            // a few writes: copy them once writes pause (or enough more arrive)
            LockSupport.parkNanos(this, IDLE);
            if (stopped) {
              break;
            }
            seen = written;
          }
          checkpoint();
          copied = seen;
        }
      }
    } finally {
      connection.close();
    }
  }

  private void checkpoint() {
    if (checkpoint("PASSIVE") >= RESTART_PAGES) {
      withoutWriters.accept(() -> checkpoint("RESTART"));
    }
  }

  /** Runs a checkpoint in {@code mode}; returns the pages the WAL held, or -1 if it failed. */
  private int checkpoint(String mode) {
    try (ResultSet rs = connection.prepare("PRAGMA wal_checkpoint(" + mode + ")").executeQuery()) {
      return rs.next() ? rs.getInt(2) : -1;
    } catch (SQLException e) {
      // the writer's own checkpoint still bounds the WAL; try again after the next writes
      LOG.warn("Background checkpoint of SQLite file {} failed: {}", file, e.getMessage());
      return -1;
    }
  }

  /** Stops the thread (after the checkpoint it is running, if any) and closes its connection. */
  @Override
  public void close() {
    stopped = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
