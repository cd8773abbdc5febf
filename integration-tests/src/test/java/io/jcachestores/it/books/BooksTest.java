package io.jcachestores.it.books;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Processes;
import io.jcachestores.Sqlite;
import io.jcachestores.store.mongo.MongoTestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application ({@code spring-boot-starter-cache}, the actuator) caching in a store:
 * run once in this JVM, then in a second JVM that must be served from the store. The
 * configuration is {@code application.properties} and {@code jcache-stores.properties}.
 */
class BooksTest {

  @TempDir
  Path dir;

  @Test
  void onSqlite() throws Exception {
    runTwice(Sqlite.uri(dir.resolve("books.db")) + "?busyTimeout=10s");
  }

  @Test
  void onMongoDb() throws Exception {
    try (MongoTestServer mongo = MongoTestServer.start()) {
      runTwice(mongo.uri());
    }
  }

  private static void runTwice(String store) throws Exception {
    System.setProperty("it.store", store);
    try (ConfigurableApplicationContext context = BooksApplication.start()) {
      assertEquals(7, BooksScenario.firstRun(context));
    } finally {
      System.clearProperty("it.store");
    }
    List<Long> calls = Processes.runTogether(BooksSecondJvm.class,
        List.of("-Dit.store=" + store), List.of(List.of()), 180);
    assertEquals(List.of(1L), calls, "the second JVM ran only the evicted find(3)");
  }
}
