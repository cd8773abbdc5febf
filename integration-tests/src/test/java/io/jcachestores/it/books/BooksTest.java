package io.jcachestores.it.books;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Sqlite;
import io.jcachestores.it.SecondJvm;
import io.jcachestores.store.mongo.MongoTestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application ({@code spring-boot-starter-cache}, the actuator) caching in a store:
 * run once in this JVM, then in a second JVM that must be served from the store. The
 * configuration is {@code application.properties} and {@code jcache-stores.properties}, or
 * system properties.
 */
class BooksTest {

  @TempDir
  Path dir;

  /**
   * The second JVM names the store without a configuration file: the default URI, a store URI
   * with options, which Micrometer's naming used to refuse, stopping the application.
   */
  @Test
  void onSqlite() throws Exception {
    String store = Sqlite.uri(dir.resolve("books.db")) + "?busyTimeout=10s";
    runTwice(store, List.of("-Djcachestores.uri=" + store,
        "-Djcachestores.allow=io.jcachestores.it.**", "-Djcachestores.statistics=true"),
        List.of("--spring.cache.jcache.config="));
  }

  @Test
  void onMongoDb() throws Exception {
    try (MongoTestServer mongo = MongoTestServer.start()) {
      runTwice(mongo.uri(), List.of("-Dit.store=" + mongo.uri()), List.of());
    }
  }

  private static void runTwice(String store, List<String> secondJvmOptions,
      List<String> secondJvmArguments) throws Exception {
    System.setProperty("it.store", store);
    try (ConfigurableApplicationContext context = BooksApplication.start()) {
      assertEquals(7, BooksScenario.firstRun(context));
    } finally {
      System.clearProperty("it.store");
    }
    assertEquals(1, SecondJvm.run(BooksSecondJvm.class, secondJvmOptions, secondJvmArguments),
        "the second JVM ran only the evicted find(3)");
  }
}
