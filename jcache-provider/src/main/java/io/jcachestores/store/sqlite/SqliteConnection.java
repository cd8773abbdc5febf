package io.jcachestores.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JDBC connection with its prepared statements; used by one thread at a time. It keeps the
 * {@value #KEPT} statements used last: some SQL is per cache (a point read names its cache), so
 * a process that opens and destroys many caches would otherwise keep a statement for each.
 */
final class SqliteConnection implements AutoCloseable {

  static final int KEPT = 128;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= KEPT) {
        return false;
      }
      try {
        eldest.getValue().close();
      } catch (SQLException e) {
        // finalized with the connection at the latest
      }
      return true;
    }
  };

  SqliteConnection(Connection connection) {
    this.connection = connection;
  }

  /** Returns the prepared statement for {@code sql}, preparing it on first use. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Returns a statement for {@code sql} that the caller closes (for SQL of varying shape). */
  PreparedStatement prepareOnce(String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  /** How many prepared statements this connection keeps (for tests). */
  int kept() {
    return statements.size();
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    // closing the connection finalizes every statement it still holds, so one statement that
    // fails to close must not keep the connection (and its file handles) open
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing left to do with it
    }
  }
}
