package io.jcachestores.store.sqlite;

import io.jcachestores.spi.ReadableForm;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code value} column: a document ({@link ReadableForm#json}) as JSON text, which
 * {@code json_extract(value, '$.field')} reads in {@code sqlite3}; anything else as a BLOB of the
 * exact bytes. Reading tells the two apart with {@link ReadableForm#fromStored}.
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

  /**
   * Returns the exact bytes column {@code index} stands for. The column is read as bytes, JSON
   * text as the UTF-8 SQLite holds (never as a Java String: decoding and encoding it again was a
   * sixth of a document hit), and {@link ReadableForm#fromStored} tells JSON from encoded bytes
   * (asking sqlite-jdbc for the row's storage class costs more than the rest of the read).
   */
  static byte[] read(ResultSet rs, int index) throws SQLException {
    byte[] bytes = rs.getBytes(index);
    return bytes == null ? ReadableForm.unreadable() : ReadableForm.fromStored(bytes);
  }
}
