package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background checkpoint: it copies the WAL into the database while the writer goes on (the
 * writer's own checkpoint is only a far bound), and its thread ends with the storage.
 */
class SqliteCheckpointerTest {

  /** The test's patience for the background thread; unrelated to any product timeout. */
  private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(120);

  @TempDir
  Path dir;

  @Test
  void copiesTheWalIntoTheDatabaseBesideTheWriterAndStopsWithTheStorage() throws Exception {
    Path file = dir.resolve("checkpoint.db");
    SqliteStorage storage = new SqliteStorage(file,
        new SqliteSettings(Duration.ofSeconds(5), "WAL", "NORMAL", 2, false));
    long empty = Files.size(file);
    byte[] value = new byte[1024];
    int puts = 2 * SqliteCheckpointer.WRITES;
    try {
      Store store = storage.open("c", "{}");
      for (int i = 0; i < puts; i++) {
        Arrays.fill(value, (byte) i);
        store.put(new StoreEntry(key(i), value.clone(), StoreEntry.NEVER));
      }
      // each put adds a page or two to the WAL: far below the writer's own bound, so only the
      // background checkpoint copies pages into the database file (which then grows)
      long walPages = Files.size(Path.of(file + "-wal")) / 4096;
      assertTrue(walPages < SqliteCheckpointer.WRITER_BOUND_PAGES, walPages + " pages");
      long deadline = System.nanoTime() + PATIENCE_NANOS;
      while (Files.size(file) < empty + (long) puts * 1024 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(Files.size(file) >= empty + (long) puts * 1024,
          "the database file holds the puts: " + Files.size(file) + " bytes");
      assertTrue(checkpointThreadAlive(file));
      Arrays.fill(value, (byte) (puts - 1));
      assertArrayEquals(value, store.get(key(puts - 1)).value());
    } finally {
      storage.close();
    }
    assertFalse(checkpointThreadAlive(file), "the checkpoint thread ended with the storage");
  }

  @Test
  void noThreadWithoutWal() {
    Path file = dir.resolve("delete.db");
    SqliteStorage storage = new SqliteStorage(file,
        new SqliteSettings(Duration.ofSeconds(5), "DELETE", "NORMAL", 2, false));
    try {
      storage.open("c", "{}").put(new StoreEntry(key(1), new byte[1], StoreEntry.NEVER));
      assertFalse(checkpointThreadAlive(file));
    } finally {
      storage.close();
    }
  }

  private static boolean checkpointThreadAlive(Path file) {
    String name = "jcache-stores SQLite checkpoint " + file;
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals(name));
  }

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(StandardCharsets.UTF_8);
  }
}
