package io.jcachestores.store.sqlite;

import io.jcachestores.spi.ReadableForm;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

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

  /**
   * Returns the exact bytes column {@code index} stands for. JSON text is read as the UTF-8 bytes
   * SQLite holds, never as a Java String (decoding and encoding it again was a sixth of a
   * document hit); sqlite-jdbc reports each row's storage class as the column's type.
   */
  static byte[] read(ResultSet rs, int index) throws SQLException {
    int type = rs.getMetaData().getColumnType(index);
    byte[] bytes = type == Types.BLOB || type == Types.VARCHAR ? rs.getBytes(index) : null;
    if (bytes == null) {
      return ReadableForm.unreadable();  // a number or NULL someone else wrote
    }
    return type == Types.VARCHAR ? ReadableForm.fromJson(bytes) : bytes;
  }
}
