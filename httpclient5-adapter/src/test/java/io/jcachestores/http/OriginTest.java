package io.jcachestores.http;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the end-to-end tests: a real loopback origin per test, fresh stores, and what the
 * test opened, closed after it in reverse order.
 */
abstract class OriginTest {

  static final String STORES = "io.jcachestores.http.TestStores#all";
  /** Each store, with a classic client ({@code false}) and an async one ({@code true}). */
  static final String STORES_AND_CLIENTS = "io.jcachestores.http.TestStores#allWithClients";

  @TempDir Path dir;
  Origin origin;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private int stores;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = new Origin();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    origin.close();
  }

  /** Returns the URI of a fresh, empty store of kind {@code store}. */
  URI newStore(TestStores store) {
    return store.newUri(dir, "store" + (++stores));
  }

  /** Returns a caching on {@code uri} with {@code options}, closed after the test. */
  JCacheHttpCaching caching(URI uri, UnaryOperator<JCacheHttpCaching.Builder> options) {
    return closing(options.apply(JCacheHttpCaching.builder().store(uri)).build());
  }

  /** Returns a caching on a fresh store of kind {@code store}, closed after the test. */
  JCacheHttpCaching caching(TestStores store, UnaryOperator<JCacheHttpCaching.Builder> options) {
    return caching(newStore(store), options);
  }

  /** Returns {@code t}, closed after the test (before what was opened earlier). */
  <T extends AutoCloseable> T closing(T t) {
    toClose.add(t);
    return t;
  }
}
