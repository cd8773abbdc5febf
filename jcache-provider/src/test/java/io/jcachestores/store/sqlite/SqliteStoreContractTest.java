package io.jcachestores.store.sqlite;

import io.jcachestores.Sqlite;
import io.jcachestores.spi.Storage;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreContract;
import io.jcachestores.spi.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite. */
class SqliteStoreContractTest extends StoreContract {

  @TempDir static Path dir;
  private static Storage storage;
  private static Connection watcher;

  @BeforeAll
  static void open() throws Exception {
    Path file = dir.resolve("contract.db");
    storage = new SqliteStoreFactory().open(Sqlite.uri(file), StoreOptions.empty());
    watcher = Sqlite.jdbc(file);
  }

  @AfterAll
  static void close() throws Exception {
    watcher.close();
    storage.close();
  }

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected String kind() {
    return "SQLite";
  }

  /** SQLite's count of commits by other connections, seen from a connection of our own. */
  @Override
  protected Object writeStamp() throws Exception {
    try (ResultSet rs = watcher.createStatement().executeQuery("PRAGMA data_version")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A file in rollback-journal mode that another connection holds an exclusive lock on. */
  @Override
  protected Broken broken(String name) throws Exception {
    Path file = dir.resolve(name + ".db");
    Storage locked = new SqliteStoreFactory().open(Sqlite.uri(file),
        StoreOptions.of(Map.of("journalMode", "DELETE", "busyTimeout", "200ms")));
    Store store = locked.open(name, "d");
    Connection holder = Sqlite.jdbc(file);
    holder.createStatement().execute("BEGIN EXCLUSIVE");
    return new Broken(store, () -> {
      holder.createStatement().execute("ROLLBACK");
      holder.close();
      locked.close();
    });
  }
}
