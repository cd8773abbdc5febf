package io.jcachestores.store.sqlite;

import io.jcachestores.spi.ReadableForm;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code value} column: a document ({@link ReadableForm#json}) as JSON text, which
 * {@code json_extract(value, '$.field')} reads in {@code sqlite3}; anything else as a BLOB of the
 * exact bytes. SQLite keeps each value's type, so reading tells the two apart.
 */
final class SqliteValues {

  private SqliteValues() {}

  /** Binds value bytes to parameter {@code index}: JSON text if they have a document form. */
  static void bind(PreparedStatement ps, int index, byte[] value) throws SQLException {
    String json = ReadableForm.json(value);
    if (json != null) {
      ps.setString(index, json);
    } else {
      ps.setBytes(index, value);
    }
  }

  /** Returns the exact bytes column {@code index} stands for. */
  static byte[] read(ResultSet rs, int index) throws SQLException {
    Object value = rs.getObject(index);
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    if (value instanceof String json) {
      return ReadableForm.fromJson(json);
    }
    return ReadableForm.unreadable();  // a number or NULL someone else wrote
  }
}
