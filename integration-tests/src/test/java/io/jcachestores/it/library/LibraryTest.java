package io.jcachestores.it.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.Sqlite;
import io.jcachestores.it.SecondJvm;
import io.jcachestores.store.mongo.MongoTestServer;
import java.nio.file.Path;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate ORM 7 with hibernate-jcache and H2: entity, collection and query caches in a store,
 * filled in this JVM; a second JVM on the same database reads everything from the store, with
 * no SQL.
 */
class LibraryTest {

  @TempDir
  Path dir;

  @Test
  void onSqlite() throws Exception {
    runTwice(Sqlite.uri(dir.resolve("library-cache.db")).toString());
  }

  @Test
  void onMongoDb() throws Exception {
    try (MongoTestServer mongo = MongoTestServer.start()) {
      runTwice(mongo.uri());
    }
  }

  private void runTwice(String store) throws Exception {
    String database = "jdbc:h2:file:" + dir.resolve("library").toAbsolutePath();
    System.setProperty("it.store", store);
    try (SessionFactory factory = Library.open(database, "create")) {
      Library.fill(factory);
      assertTrue(Library.read(factory).getPrepareStatementCount() > 0, "the first read is SQL");
      Library.assertServedFromCache(Library.read(factory));
    } finally {
      System.clearProperty("it.store");
    }
    assertEquals(4, SecondJvm.run(LibrarySecondJvm.class, List.of("-Dit.store=" + store),
        List.of(database)), "second-level hits: the author, the collection, the two novels");
  }
}
