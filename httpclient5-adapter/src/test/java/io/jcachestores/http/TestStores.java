package io.jcachestores.http;

import java.net.URI;
import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The stores the adapter tests run on: SQLite, MongoDB and DynamoDB, each with its in-process
 * test server (or the real one {@code MONGODB_URI} / {@code DYNAMODB_ENDPOINT} names).
 */
enum TestStores {
  SQLITE {
    @Override
    URI newUri(Path dir, String name) {
      return URI.create("sqlite:" + dir.resolve(name + ".db").toAbsolutePath());
    }
  },
  MONGODB {
    @Override
    URI newUri(Path dir, String name) {
      String uri = MongoTestServer.withDatabase(Mongo.SERVER.uri(),
          "http_" + name + "_" + UUID.randomUUID().toString().substring(0, 8));
      return URI.create(uri + (uri.contains("?") ? "&" : "?") + PATIENCE);
    }
  },
  DYNAMODB {
    @Override
    URI newUri(Path dir, String name) {
      return URI.create("dynamodb:" + DynamoLocal.freshTable("http-" + name) + "?endpoint="
          + Dynamo.SERVER.endpoint() + "&region=us-east-1&createIfNotExists=true&" + PATIENCE);
    }
  };

  /**
   * One DynamoDB endpoint for the whole test JVM, started on first use. Its credentials become
   * store defaults ({@code jcachestores.*} system properties), as secrets are refused in URIs.
   */
  private static final class Dynamo {
    static final DynamoLocal SERVER = DynamoLocal.shared();

    static {
      SERVER.properties().forEach((name, value) ->
          System.setProperty("jcachestores." + name, (String) value));
    }
  }

  /** One MongoDB server for the whole test JVM, started on first use. */
  private static final class Mongo {
    static final MongoTestServer SERVER = MongoTestServer.start();
  }

  /**
   * The operation timeout of stores the tests do not time out on purpose: their patience on a
   * loaded machine, where DynamoDB Local may take more than the product's 5 s to answer.
   */
  static final String PATIENCE = "timeout=60s";

  /** Returns the URI of a fresh, empty store named {@code name}, with files under {@code dir}. */
  abstract URI newUri(Path dir, String name);

  /** Returns every store available to the tests. */
  static Stream<TestStores> all() {
    return Stream.of(values());
  }

  /** Returns every store twice: with {@code false} (classic client) and {@code true} (async). */
  static Stream<Arguments> allWithClients() {
    return all().flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
  }
}
