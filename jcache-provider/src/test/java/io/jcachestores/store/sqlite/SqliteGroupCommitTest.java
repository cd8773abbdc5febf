package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Sqlite;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: writes queued behind a transaction share the next one, a failing write fails only
 * its own caller, and a batch in a group stays all-or-nothing. Groups are built deterministically:
 * a transaction holds the writer while the test waits until the writes it started are queued.
 */
class SqliteGroupCommitTest {

  /** The test's patience for threads it started; unrelated to any product timeout. */
  private static final long PATIENCE_SECONDS = 120;

  private static final String PRESENT =
      "SELECT 1 FROM " + SqliteStorage.ENTRIES + " WHERE cache = 'c' AND key = ?";

  @TempDir
  Path dir;

  private Path file;
  private SqliteStorage storage;
  private Store store;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    file = dir.resolve("group.db");
    storage = new SqliteStorage(file, new SqliteSettings(Duration.ofSeconds(5), "WAL", "NORMAL", 2, false));
    store = storage.open("c", "{}");
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    storage.close();
  }

  @Test
  void writesQueuedBehindACommitShareTheNextTransaction() throws Exception {
    List<Future<Object>> writes = whileWriterBusy(List.of(
        () -> put("a"),
        () -> storage.write("look", "c", c -> !present(c.prepareOnce(PRESENT), "a")
            ? "not written yet" : committedElsewhere("a") ? "committed" : "written, uncommitted"),
        () -> put("b")));
    assertNull(writes.get(0).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    assertEquals("written, uncommitted", writes.get(1).get(PATIENCE_SECONDS, TimeUnit.SECONDS),
        "the second write ran after the first, in the same transaction, before its commit");
    assertNull(writes.get(2).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    assertTrue(committedElsewhere("a"));
    assertTrue(committedElsewhere("b"));
  }

  @Test
  void aFailingWriteFailsOnlyItsCallerAndABatchStaysWhole() throws Exception {
    List<Future<Object>> writes = whileWriterBusy(List.of(
        () -> put("a"),
        () -> storage.batch("half a batch", "c", c -> {
          store.put(entry("half-1"));
          store.put(entry("half-2"));
          throw new SQLException("injected failure");
        }),
        () -> {
          store.putAll(List.of(entry("all-1"), entry("all-2")));
          return null;
        },
        () -> store.remove(key("a"))));
    assertNull(writes.get(0).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    Exception failed = assertThrowsFromFuture(writes.get(1));
    StoreException storeFailure = assertInstanceOf(StoreException.class, failed);
    assertTrue(storeFailure.getMessage().contains("half a batch"), storeFailure.getMessage());
    assertNull(writes.get(2).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    assertEquals(true, writes.get(3).get(PATIENCE_SECONDS, TimeUnit.SECONDS),
        "the remove, run again on its own, still saw the put before it");
    assertFalse(committedElsewhere("a"));
    assertFalse(committedElsewhere("half-1"));
    assertFalse(committedElsewhere("half-2"));
    assertTrue(committedElsewhere("all-1"));
    assertTrue(committedElsewhere("all-2"));
  }

  @Test
  void writesNestedInAReadModifyWriteStayInItsTransaction() throws Exception {
    assertThrows(StoreException.class, () -> storage.transaction("outer", "c", c -> {
      store.put(entry("inner"));
      throw new SQLException("injected failure");
    }));
    assertFalse(committedElsewhere("inner"), "rolled back with the transaction it ran in");
  }

  /**
   * Holds the writer in a transaction, starts {@code writes} one after another (each queued
   * before the next starts, so the group keeps their order), then lets the writer go.
   */
  private List<Future<Object>> whileWriterBusy(List<Callable<Object>> writes)
      throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = threads.submit(() -> storage.transaction("hold", "c", c -> {
      holding.countDown();
      await(release);
      return null;
    }));
    await(holding);
    List<Future<Object>> futures = new ArrayList<>();
    for (Callable<Object> write : writes) {
      int queued = storage.queuedWrites();
      futures.add(threads.submit(write));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (storage.queuedWrites() == queued) {
        assertTrue(System.nanoTime() < deadline, "a write did not queue");
        Thread.onSpinWait();
      }
    }
    release.countDown();
    holder.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    return futures;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Exception assertThrowsFromFuture(Future<Object> future) throws Exception {
    try {
      future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (Exception) e.getCause();
    }
    throw new AssertionError("the write succeeded");
  }

  private Object put(String key) {
    store.put(entry(key));
    return null;
  }

  private static StoreEntry entry(String key) {
    return new StoreEntry(key(key), key.getBytes(StandardCharsets.UTF_8), StoreEntry.NEVER);
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code key} is committed, as another connection (another process) sees it. */
  private boolean committedElsewhere(String key) throws SQLException {
    try (Connection c = Sqlite.jdbc(file)) {
      return present(c.prepareStatement(PRESENT), key);
    }
  }

  /** Whether {@code key} is in cache "c" as seen by the connection of {@code present}. */
  private static boolean present(PreparedStatement present, String key) throws SQLException {
    try (present) {
      present.setBytes(1, key(key));
      try (ResultSet rs = present.executeQuery()) {
        return rs.next();
      }
    }
  }
}
