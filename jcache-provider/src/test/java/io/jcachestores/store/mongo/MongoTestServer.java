package io.jcachestores.store.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * A MongoDB server for tests: the one {@code MONGODB_URI} names, if set, otherwise
 * mongo-java-server (memory backend) started in this JVM on a free loopback port. Either way
 * {@link #uri()} names a fresh database, so that runs never see each other's caches.
 */
public final class MongoTestServer implements AutoCloseable {

  private final MongoServer server;
  private final String uri;

  private MongoTestServer(MongoServer server, String uri) {
    this.server = server;
    this.uri = uri;
  }

  /** Returns the server {@code MONGODB_URI} names, or a new in-process one. */
  public static MongoTestServer start() {
    String external = System.getenv("MONGODB_URI");
    if (external != null && !external.isBlank()) {
      return new MongoTestServer(null, withDatabase(external.trim(), freshDatabase()));
    }
    return startInProcess();
  }

  /** Returns a new in-process mongo-java-server, whatever {@code MONGODB_URI} says. */
  public static MongoTestServer startInProcess() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    return new MongoTestServer(server,
        "mongodb://127.0.0.1:" + address.getPort() + "/" + freshDatabase());
  }

  private static String freshDatabase() {
    return "jcache_test_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Returns {@code uri} with its database (the path) replaced by {@code database}. */
  public static String withDatabase(String uri, String database) {
    int hosts = uri.indexOf("://") + 3;
    int query = uri.indexOf('?', hosts);
    String head = query < 0 ? uri : uri.substring(0, query);
    String tail = query < 0 ? "" : uri.substring(query);
    int slash = head.indexOf('/', hosts);
    return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + tail;
  }

  /** Returns the URI of a fresh database on this server. */
  public String uri() {
    return uri;
  }

  /** Returns whether this server runs in this JVM (and can therefore be stopped). */
  public boolean inProcess() {
    return server != null;
  }

  /** Stops an in-process server; nothing for an external one. */
  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
