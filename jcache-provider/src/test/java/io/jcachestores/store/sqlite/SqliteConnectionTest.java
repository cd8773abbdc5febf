package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection keeps the statements used last and closes those it drops. */
class SqliteConnectionTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheStatementsUsedLastAndClosesTheOthers() throws Exception {
    try (SqliteConnection c = new SqliteConnection(
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("kept.db")))) {
      PreparedStatement first = c.prepare("SELECT 0");
      PreparedStatement second = c.prepare("SELECT 1");
      for (int i = 2; i < SqliteConnection.KEPT; i++) {
        c.prepare("SELECT " + i);
      }
      assertSame(first, c.prepare("SELECT 0"), "reused, and now the one used last");
      c.prepare("SELECT " + SqliteConnection.KEPT);
      assertEquals(SqliteConnection.KEPT, c.kept());
      assertTrue(second.isClosed(), "the least recently used statement is dropped and closed");
      assertFalse(first.isClosed());
      assertTrue(c.prepare("SELECT 1").executeQuery().next(), "prepared again when used again");
    }
  }
}
