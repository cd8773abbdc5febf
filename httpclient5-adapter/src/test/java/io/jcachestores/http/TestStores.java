package io.jcachestores.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The stores the adapter tests run on. Adding a store (MongoDB, DynamoDB, each with its
 * in-process test server) is one constant here.
 */
enum TestStores {
  SQLITE {
    @Override
    URI newUri(Path dir, String name) {
      return URI.create("sqlite:" + dir.resolve(name + ".db").toAbsolutePath());
    }
  };

  /** Returns the URI of a fresh, empty store named {@code name}, with files under {@code dir}. */
  abstract URI newUri(Path dir, String name);

  /** Returns every store available to the tests. */
  static Stream<TestStores> all() {
    return Stream.of(values());
  }
}
