package io.jcachestores.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * sqlite-jdbc with prepared statements on a plain key/value table ({@code raw_kv}) in the same
 * file as the cache, WAL and synchronous NORMAL, autocommit, no generated-key query after writes
 * (as our store): what a hand-written cache would do.
 */
final class RawSqlite implements RawStore {

  private final Connection connection;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  RawSqlite(Path file) {
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(5000);
      // otherwise sqlite-jdbc runs "SELECT last_insert_rowid()" after every executeUpdate (but
      // not after executeBatch), which would slow the put loop against putAll
      config.setGetGeneratedKeys(false);
      connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS raw_kv (k TEXT PRIMARY KEY, v BLOB NOT NULL)");
      }
      select = connection.prepareStatement("SELECT v FROM raw_kv WHERE k = ?");
      upsert = connection.prepareStatement("INSERT INTO raw_kv (k, v) VALUES (?, ?)"
          + " ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      select.setString(1, key);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void put(String key, byte[] value) {
    try {
      upsert.setString(1, key);
      upsert.setBytes(2, value);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
