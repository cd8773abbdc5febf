package io.jcachestores.store.sqlite;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * All caches of one SQLite file: a table of caches (name and descriptor) and one table of entries
 * keyed by cache name and key bytes. A cache name is bound as a parameter, except in the cache's
 * point read, where it is a SQL string literal with its quotes doubled ({@code SqliteStore}).
 *
 * <p>Writes of this process go through one connection, in turn (a Java lock, so threads queue
 * instead of spinning on SQLite's lock); other processes are waited for up to the busy timeout.
 * Every read-modify-write runs in a {@code BEGIN IMMEDIATE} transaction, which takes the write
 * lock before reading, so that it stays atomic across processes. Reads use a pool of connections
 * and, in WAL mode, never wait for writers.
 *
 * <p><b>Group commit.</b> Plain writes ({@link #write}: put, remove, clear, ...) and batches
 * ({@link #batch}: putAll, removeAll, ...) are queued; the thread that gets the lock (the leader)
 * takes every write queued by then and commits them in one {@code BEGIN IMMEDIATE} transaction, so
 * that writes arriving while a commit is under way share the next one instead of paying one commit
 * each. A queued writer waits on its own write, not on the lock: the leader wakes it once the
 * write is committed, and whoever lets the lock go wakes the oldest queued writer to lead next.
 * Each call returns only after the transaction holding its write has committed; a lone write
 * runs exactly as before (one autocommit statement, or one transaction for a batch). If any write
 * of a group fails, the group is rolled back and its writes are run again one at a time, so a
 * failure reaches only its own caller and no write is acknowledged unless committed. Read-modify-
 * writes ({@link #transaction}) run user code (the remapping function), so they never join a
 * group: each is its own transaction, between groups.
 *
 * <p>In WAL mode a {@link SqliteCheckpointer} copies the WAL into the database beside the writer,
 * told by the writer how many writes it committed; the writer's own checkpoint is only a bound.
 */
final class SqliteStorage implements Storage {

  static final String ENTRIES = "jcache_entries";
  private static final int SCHEMA_VERSION = 1;
  private static final int PURGE_BATCH = 5_000;

  private final Path file;
  private final SqliteSettings settings;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final SqliteConnection writer;
  private final BlockingQueue<SqliteConnection> readers;
  /** Writes waiting for a leader (see the class comment); taken only under {@link #writeLock}. */
  private final Queue<Pending<?>> pending = new ConcurrentLinkedQueue<>();
  /** Checkpoints the WAL beside the writer; null unless the file is in WAL mode. */
  private final SqliteCheckpointer checkpointer;
  private volatile boolean closed;

  /** What runs on a connection. */
  interface Work<T> {
    T run(SqliteConnection c) throws SQLException;
  }

  SqliteStorage(Path file, SqliteSettings settings) {
    this.file = file;
    this.settings = settings;
    this.readers = new ArrayBlockingQueue<>(settings.readConnections());
    if (settings.mustExist()) {
      if (!Files.isRegularFile(file)) {
        throw new StoreException("SQLite", "open", null, "SQLite file " + file, "There is no "
            + "SQLite file " + file + " (option mustExist: nothing is created)", false, null);
      }
    } else {
      createFolder(file);
    }
    this.writer = connect(false, "open", null);
    try {
      if (settings.mustExist()) {
        requireSchema();
        if (read("open", null, SqliteBudget::needsMigration)) {
          transaction("migrate schema", null, SqliteBudget::migrate);
        }
      } else {
        createSchema();
      }
      this.checkpointer = startCheckpointer();
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /**
   * In WAL mode, moves checkpoints off the writer (see {@link SqliteCheckpointer}): the writer's
   * own automatic checkpoint becomes a far bound, and the WAL file is truncated back to that
   * bound's size when it restarts after growing past it (a large batch).
   */
  private SqliteCheckpointer startCheckpointer() {
    try {
      if (!"wal".equalsIgnoreCase(pragma("journal_mode"))) {
        return null;
      }
      long pageSize = Long.parseLong(pragma("page_size"));
      writer.execute("PRAGMA wal_autocheckpoint = " + SqliteCheckpointer.WRITER_BOUND_PAGES);
      writer.execute("PRAGMA journal_size_limit = "
          + SqliteCheckpointer.WRITER_BOUND_PAGES * pageSize);
    } catch (SQLException e) {
      throw failure("open", null, e);
    }
    return new SqliteCheckpointer(connect(true, "open", null), file.toString(),
        this::withoutWriters);
  }

  /** Returns the value of {@code PRAGMA name} on the writer's connection. */
  private String pragma(String name) throws SQLException {
    try (ResultSet rs = writer.prepareOnce("PRAGMA " + name).executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("PRAGMA " + name + " returned no row");
      }
      return rs.getString(1);
    }
  }

  /** Runs {@code work} while no write of this process runs (none if the storage is closed). */
  private void withoutWriters(Runnable work) {
    writeLock.lock();
    try {
      if (!closed) {
        work.run();
      }
    } finally {
      unlockWriter();
    }
  }

  private static void createFolder(Path file) {
    Path folder = file.getParent();
    try {
      if (folder != null) {
        Files.createDirectories(folder);
      }
    } catch (IOException e) {
      throw new StoreException("SQLite", "open", null, "SQLite file " + file,
          "cannot create its folder " + folder + ": " + (e instanceof AccessDeniedException
          ? "permission denied" : e instanceof FileAlreadyExistsException
          ? "a file is in the way" : e.toString()), false, e);
    }
  }

  /** Opens a connection for {@code operation} on {@code cache} (null: the whole storage). */
  private SqliteConnection connect(boolean readOnly, String operation, String cache) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous()));
    // sqlite-jdbc otherwise runs "SELECT last_insert_rowid()" after every write (~10 % of a put)
    config.setGetGeneratedKeys(false);
    if (!readOnly && !settings.mustExist()) {
      config.setJournalMode(SQLiteConfig.JournalMode.valueOf(settings.journalMode()));
    }
    try {
      return new SqliteConnection(
          DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties()));
    } catch (SQLException e) {
      throw failure(operation, cache, e);
    }
  }

  private void createSchema() {
    transaction("create schema", null, c -> {
      c.execute("CREATE TABLE IF NOT EXISTS jcache_caches ("
          + "name TEXT NOT NULL PRIMARY KEY, descriptor TEXT NOT NULL) WITHOUT ROWID");
      // An ordinary rowid table: values are often kilobytes, and in a WITHOUT ROWID table they
      // sit in the primary-key b-tree itself (a few rows per page), which made a lookup of a
      // 1 KiB value 3x slower than a rowid table with its (cache, key) index (benchmarks).
      // Files created with the old layout keep it and still work: the SQL is the same.
      c.execute("CREATE TABLE IF NOT EXISTS " + ENTRIES + " (cache TEXT NOT NULL, "
          + "key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL, "
          + "PRIMARY KEY (cache, key))");
      c.execute("CREATE INDEX IF NOT EXISTS jcache_entries_expiry ON " + ENTRIES
          + " (expires_at) WHERE expires_at < " + StoreEntry.NEVER);
      SqliteBudget.migrate(c);
      try (ResultSet rs = c.prepareOnce("PRAGMA user_version").executeQuery()) {
        int version = rs.next() ? rs.getInt(1) : 0;
        if (version == 0) {
          c.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        } else if (version != SCHEMA_VERSION) {
          throw new StoreException("SQLite", "open", null, "SQLite file " + file, "it has "
              + "jcache-stores schema version " + version + "; this version reads "
              + SCHEMA_VERSION, false, null);
        }
      }
      return null;
    });
  }

  /** Checks that the file holds this library's tables, without creating them. */
  private void requireSchema() {
    boolean found = read("open", null, c -> {
      try (PreparedStatement ps = c.prepareOnce(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)")) {
        ps.setString(1, "jcache_caches");
        ps.setString(2, ENTRIES);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getInt(1) == 2;
        }
      }
    });
    if (!found) {
      throw new StoreException("SQLite", "open", null, "SQLite file " + file, "it holds no "
          + "jcache-stores caches (option mustExist: nothing is created)", false, null);
    }
  }

  /** Runs read-only work on a pooled connection. */
  <T> T read(String operation, String cache, Work<T> work) {
    requireOpen();
    SqliteConnection c = readers.poll();
    if (c == null) {
      c = connect(true, operation, cache);
    }
    try {
      return work.run(c);
    } catch (SQLException e) {
      c.close();
      c = null;
      throw failure(operation, cache, e);
    } finally {
      if (c != null && (closed || !readers.offer(c))) {
        c.close();
      }
    }
  }

  /**
   * Runs a write whose statements are each atomic on their own (autocommit when alone), possibly
   * in one transaction with other threads' writes. {@code work} runs no user code and may run twice
   * (the second time after a rollback of the first).
   */
  <T> T write(String operation, String cache, Work<T> work) {
    return submit(new Pending<>(operation, cache, work, false));
  }

  /**
   * Runs a write that must be all-or-nothing (its own transaction when alone), possibly in one
   * transaction with other threads' writes; same rules for {@code work} as {@link #write}.
   */
  <T> T batch(String operation, String cache, Work<T> work) {
    return submit(new Pending<>(operation, cache, work, true));
  }

  private <T> T submit(Pending<T> write) {
    if (writeLock.isHeldByCurrentThread()) {
      // nested in this thread's transaction: part of it, never of a group
      return transaction(write.operation, write.cache, write.work);
    }
    pending.add(write);
    boolean interrupted = false;
    while (!write.done) {
      if (writeLock.tryLock()) {
        try {
          if (!write.done) {
            commitPending();
          }
        } finally {
          unlockWriter();
        }
      } else {
        // a leader holds the writer: it either takes this write into its group and wakes this
        // thread when committed, or wakes a waiting writer after it lets go (unlockWriter)
        LockSupport.park(this);
        // an interrupt does not abandon a queued write (a leader may be running it): kept for later
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return write.outcome();
  }

  /**
   * Lets the writer go and wakes the thread of the oldest write still queued, so that it leads
   * the next group: queued writers park instead of waiting on the lock, so that a follower whose
   * write a leader already committed returns at once instead of queueing for the lock behind
   * other writers only to find its write done (which kept groups at one write: measured).
   */
  private void unlockWriter() {
    writeLock.unlock();
    Pending<?> next = pending.peek();
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
  }

  /** How many writes wait for a leader (for tests that build a group). */
  int queuedWrites() {
    return pending.size();
  }

  /** As the leader (holding the lock): commits every queued write, together when more than one. */
  private void commitPending() {
    List<Pending<?>> group = new ArrayList<>();
    for (Pending<?> next; (next = pending.poll()) != null; ) {
      group.add(next);
    }
    try {
      requireOpen();
      if (group.size() == 1 || !commitTogether(group)) {
        group.forEach(this::commitAlone);
      }
      committed(group.size());
    } catch (RuntimeException | Error e) {
      for (Pending<?> w : group) {
        if (!w.done) {
          w.fail(e);
        }
      }
    }
  }

  /** Runs one write on its own: autocommit, or one transaction for a batch. */
  private <T> void commitAlone(Pending<T> w) {
    try {
      w.complete(w.transactional ? inTransaction(w.work) : w.work.run(writer));
    } catch (SQLException e) {
      w.fail(failure(w.operation, w.cache, e));
    }
  }

  /**
   * Runs {@code group} in one transaction. Returns false, with everything rolled back and no write
   * completed, if one of the writes or the commit failed: the caller then runs them one at a time.
   */
  private boolean commitTogether(List<Pending<?>> group) {
    try {
      writer.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      // nothing ran: typically another process held the lock past the busy timeout
      for (Pending<?> w : group) {
        w.fail(failure(w.operation, w.cache, e));
      }
      return true;
    }
    Object[] results = new Object[group.size()];
    boolean committed = false;
    try {
      for (int i = 0; i < results.length; i++) {
        results[i] = group.get(i).work.run(writer);
      }
      writer.execute("COMMIT");
      committed = true;
    } catch (SQLException e) {
      return false;
    } finally {
      if (!committed) {
        rollback();
      }
    }
    for (int i = 0; i < results.length; i++) {
      complete(group.get(i), results[i]);
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> w, Object result) {
    w.complete((T) result);
  }

  /**
   * Runs work in one {@code BEGIN IMMEDIATE} transaction: committed if it returns, rolled back
   * if it throws (the exception propagates). Work nested in a transaction of the same thread
   * joins it. For work that runs user code; it never shares its transaction with other threads.
   */
  <T> T transaction(String operation, String cache, Work<T> work) {
    writeLock.lock();
    try {
      requireOpen();
      if (writeLock.getHoldCount() > 1) {
        return work.run(writer);
      }
      T result = inTransaction(work);
      committed(1);
      return result;
    } catch (SQLException e) {
      throw failure(operation, cache, e);
    } finally {
      unlockWriter();
    }
  }

  /** Runs {@code work} between BEGIN IMMEDIATE and COMMIT, rolled back if anything throws. */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    // prepared once: a statement created, compiled and closed for each cost a bounded put (one
    // transaction each) a tenth of its time (benchmarks, round 6)
    writer.prepare("BEGIN IMMEDIATE").execute();
    boolean committed = false;
    try {
      T result = work.run(writer);
      writer.prepare("COMMIT").execute();
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollback();
      }
    }
  }

  /** Tells the checkpointer that {@code writes} writes were committed (or tried). */
  private void committed(int writes) {
    if (checkpointer != null) {
      checkpointer.committed(writes);
    }
  }

  private void rollback() {
    try {
      writer.execute("ROLLBACK");
    } catch (SQLException e) {
      // nothing was committed; the connection stays usable
    }
  }

  private StoreException failure(String operation, String cache, SQLException e) {
    boolean busy = e instanceof SQLiteException se
        && (se.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    String detail = busy ? "the database is locked by another connection (waited up to "
        + "busyTimeout = " + settings.busyTimeout().toMillis() + " ms)" : reason(e);
    return new StoreException("SQLite", operation, cache, "SQLite file " + file, detail, busy, e);
  }

  /** Returns what went wrong, in words a user can act on for the failures users meet most. */
  private String reason(SQLException e) {
    int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1;
    if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return "the file is not a SQLite database";
    } else if (code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      Path folder = file.getParent();
      if (Files.isDirectory(file)) {
        return "it is a folder, not a file";
      } else if (Files.exists(file) && !Files.isWritable(file)
          || folder != null && !Files.isWritable(folder)) {
        return "permission denied (the file and its folder must be writable)";
      }
      return "cannot open the file";
    } else if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
      return "the file is read-only (permission denied)";
    }
    return e.getMessage();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("SQLite storage " + file + " is closed");
    }
  }

  @Override
  public Set<String> cacheNames() {
    return read("list caches", null, c -> {
      Set<String> names = new HashSet<>();
      try (ResultSet rs = c.prepare("SELECT name FROM jcache_caches").executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    });
  }

  @Override
  public String descriptor(String name) {
    return read("read cache", name, c -> {
      PreparedStatement ps = c.prepare("SELECT descriptor FROM jcache_caches WHERE name = ?");
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Override
  public Store open(String name, String descriptor) {
    write("create cache", name, c -> {
      PreparedStatement ps = c.prepare("INSERT INTO jcache_caches (name, descriptor) VALUES (?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET descriptor = excluded.descriptor");
      ps.setString(1, name);
      ps.setString(2, descriptor);
      return ps.executeUpdate();
    });
    return new SqliteStore(this, name);
  }

  /** Opens a cache held within {@code budget} (see {@link SqliteBudget}). */
  @Override
  public Store open(String name, String descriptor, Budget budget, LongConsumer evicted) {
    Store unbounded = open(name, descriptor);
    if (!budget.isBounded()) {
      return unbounded;
    }
    batch("count cache", name, c -> SqliteBudget.startCounting(c, name));
    return new SqliteStore(this, name, new SqliteBudget(name, budget), evicted);
  }

  /** Returns the time an eviction judges expiry by: the CacheManager's clock. */
  long now() {
    return settings.clock().millis();
  }

  @Override
  public void destroy(String name) {
    batch("destroy cache", name, c -> {
      PreparedStatement entries = c.prepare("DELETE FROM " + ENTRIES + " WHERE cache = ?");
      entries.setString(1, name);
      entries.executeUpdate();
      SqliteBudget.stopCounting(c, name);
      PreparedStatement caches = c.prepare("DELETE FROM jcache_caches WHERE name = ?");
      caches.setString(1, name);
      return caches.executeUpdate();
    });
  }

  /** Deletes expired entries in batches, so that writers of other processes get turns. */
  @Override
  public long purgeExpired(long now) {
    long total = 0;
    int deleted;
    do {
      deleted = write("purge expired", null, c -> {
        PreparedStatement ps = c.prepare("DELETE FROM " + ENTRIES + " WHERE (cache, key) IN ("
            + "SELECT cache, key FROM " + ENTRIES + " WHERE expires_at <= ? AND expires_at < "
            + StoreEntry.NEVER + " LIMIT " + PURGE_BATCH + ")");
        ps.setLong(1, now);
        return ps.executeUpdate();
      });
      total += deleted;
    } while (deleted == PURGE_BATCH && !closed);
    return total;
  }

  @Override
  public String describe() {
    return "SQLite file " + file;
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      writer.close();
    } finally {
      unlockWriter();
    }
    for (SqliteConnection c; (c = readers.poll()) != null; ) {
      c.close();
    }
  }

  /**
   * One write waiting for, or done by, a leader. Written by the leader under {@link #writeLock};
   * {@link #done} (volatile, set last) publishes the outcome to the waiting thread.
   */
  private static final class Pending<T> {
    final String operation;
    final String cache;
    final Work<T> work;
    final boolean transactional;
    final Thread thread = Thread.currentThread();
    volatile boolean done;
    T result;
    Throwable failure;

    Pending(String operation, String cache, Work<T> work, boolean transactional) {
      this.operation = operation;
      this.cache = cache;
      this.work = work;
      this.transactional = transactional;
    }

    void complete(T value) {
      result = value;
      finish();
    }

    void fail(Throwable e) {
      failure = e;
      finish();
    }

    private void finish() {
      done = true;
      if (thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }

    /** The result, or the failure thrown; read once {@link #done}. */
    T outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }
}
