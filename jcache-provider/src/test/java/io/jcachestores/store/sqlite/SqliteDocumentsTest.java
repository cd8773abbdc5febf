package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.DocumentsContract;
import io.jcachestores.Sqlite;
import io.jcachestores.spi.ReadableForm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Documents in SQLite as JSON text, read with json_extract and tampered with through JDBC. */
class SqliteDocumentsTest extends DocumentsContract {

  @TempDir static Path dir;
  private static Connection jdbc;

  @BeforeAll
  static void open() throws Exception {
    Sqlite.manager(dir.resolve("docs.db")).close();  // creates the tables
    jdbc = Sqlite.jdbc(dir.resolve("docs.db"));
  }

  @AfterAll
  static void close() throws Exception {
    jdbc.close();
  }

  @Override
  protected CacheManager manager(Properties properties) {
    return Sqlite.manager(dir.resolve("docs.db"), properties);
  }

  private static String query(String sql, String cache, String key) throws Exception {
    try (PreparedStatement ps = jdbc.prepareStatement(sql + " FROM jcache_entries"
        + " WHERE cache = ? AND key = ?")) {
      ps.setString(1, cache);
      ps.setBytes(2, ReadableForm.bytes(key));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void update(String set, String cache, String key) throws Exception {
    try (PreparedStatement ps = jdbc.prepareStatement("UPDATE jcache_entries SET value = " + set
        + " WHERE cache = ? AND key = ?")) {
      ps.setString(1, cache);
      ps.setBytes(2, ReadableForm.bytes(key));
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Override
  protected void assertSampleDocument(String cache, String key, boolean signed) throws Exception {
    assertEquals("text", query("SELECT typeof(value)", cache, key));
    String root = signed ? "$.value" : "$";
    if (signed) {
      assertEquals("object", query("SELECT json_type(value, '$.signature')", cache, key));
      assertEquals("44", query("SELECT length(json_extract(value, '$.signature.\"$b\"'))",
          cache, key));
    }
    assertEquals(sample().get("name"),
        query("SELECT json_extract(value, '" + root + ".name')", cache, key));
    assertEquals("integer", query("SELECT json_type(value, '" + root + ".age')", cache, key));
    assertEquals("real", query("SELECT json_type(value, '" + root + ".score')", cache, key));
    assertEquals("engines", query("SELECT json_extract(value, '" + root + ".tags[1]')", cache, key));
    assertEquals("AAH/", query("SELECT json_extract(value, '" + root + ".blob.\"$b\"')", cache, key));
    assertEquals("null", query("SELECT json_type(value, '" + root + ".nothing')", cache, key));
    assertEquals("true", query("SELECT json_type(value, '" + root + ".nested.ok')", cache, key));
  }

  @Override
  protected int hostileVariants() {
    return 5;
  }

  @Override
  protected void writeHostile(String cache, String key, int variant) throws Exception {
    update(switch (variant) {
      case 0 -> "'{\"age\":1'";                                          // malformed JSON
      case 1 -> "json_set(value, '$.x', json('{\"$y\":1}'))";           // a reserved key
      case 2 -> "'" + "[".repeat(40) + "]".repeat(40) + "'";             // nesting too deep
      case 3 -> "42";                                                    // not text at all
      default -> "'{\"age\":1e999}'";                                    // out of range
    }, cache, key);
  }

  @Override
  protected void tamper(String cache, String key, boolean signed) throws Exception {
    update("json_set(value, '" + (signed ? "$.value.name" : "$.name") + "', 'Eve')", cache, key);
  }
}
