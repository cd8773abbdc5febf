package io.jcachestores.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * sqlite-jdbc with prepared statements on a plain key/value table ({@code raw_kv}) in the same
 * file as the cache, WAL and synchronous NORMAL, autocommit, no generated-key query after writes
 * (as our store): what a hand-written cache would do. {@code putAll} is one transaction of a
 * batched prepared upsert; {@code getAll} one {@code SELECT ... WHERE k IN (...)}.
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

  /** One statement: up to SQLite's 32,766 parameters (the benchmarks ask for 1,000 at most). */
  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    Map<String, byte[]> found = new HashMap<>();
    String sql = "SELECT k, v FROM raw_kv WHERE k IN ("
        + String.join(",", Collections.nCopies(keys.size(), "?")) + ")";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int i = 0;
      for (String key : keys) {
        ps.setString(++i, key);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getBytes(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  @Override
  public void putAll(Map<String, byte[]> entries) {
    try {
      connection.setAutoCommit(false);
      try {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          upsert.setString(1, e.getKey());
          upsert.setBytes(2, e.getValue());
          upsert.addBatch();
        }
        upsert.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        upsert.clearBatch();
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
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
