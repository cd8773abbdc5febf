package io.jcachestores.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * sqlite-jdbc with prepared statements on a plain key/value table ({@code raw_kv}) in the same
 * file as the cache, WAL and synchronous NORMAL, autocommit: what a hand-written cache would do.
 */
final class RawSqlite implements RawStore {

  private final Connection connection;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  RawSqlite(Path file) {
    try {
      Properties p = new Properties();
      p.setProperty("journal_mode", "WAL");
      p.setProperty("synchronous", "NORMAL");
      p.setProperty("busy_timeout", "5000");
      connection = DriverManager.getConnection("jdbc:sqlite:" + file, p);
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
