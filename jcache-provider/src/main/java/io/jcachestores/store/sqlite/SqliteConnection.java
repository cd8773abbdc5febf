package io.jcachestores.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** One JDBC connection with its prepared statements; used by one thread at a time. */
final class SqliteConnection implements AutoCloseable {

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

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
