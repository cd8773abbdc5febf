package io.jcachestores;

import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * The three stores for tests that run the same checks on each: a fresh SQLite file, a fresh
 * MongoDB database (one in-process server per JVM, or {@code MONGODB_URI}) and a fresh DynamoDB
 * table (DynamoDB Local, or {@code DYNAMODB_ENDPOINT}). Each {@link #fresh} names a store no test
 * has used; opening it again gives what a second process would see.
 */
public enum EveryStore {
  SQLITE, MONGODB, DYNAMODB;

  private static MongoTestServer mongo;

  /** A fresh store: its URI and the Properties every manager on it needs. */
  public record Fresh(URI uri, Properties properties) {

    /** Opens a manager on this store with extra options, through a provider of its own. */
    public CacheManager open(Properties options) {
      Properties all = new Properties();
      all.putAll(properties);
      all.putAll(options);
      StoreCachingProvider provider = new StoreCachingProvider();
      return provider.getCacheManager(uri, provider.getDefaultClassLoader(), all);
    }

    /** Opens a manager on this store. */
    public CacheManager open() {
      return open(new Properties());
    }

    /**
     * Returns the JVM options and URI argument a second JVM needs to open this store (secrets
     * are refused in URIs: they become {@code jcachestores.*} system property defaults).
     */
    public List<String> jvmOptions() {
      return properties.stringPropertyNames().stream()
          .map(name -> "-Djcachestores." + name + "=" + properties.getProperty(name)).toList();
    }
  }

  /** Returns a store no test has used yet. */
  public Fresh fresh(String name) {
    return switch (this) {
      case SQLITE -> {
        try {  // under the build's target folder, which mvn clean deletes
          Path dir = Files.createDirectories(Path.of("target", "every-store"));
          yield new Fresh(Sqlite.uri(dir.resolve(name + "-" + System.nanoTime() + ".db")),
              new Properties());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case MONGODB -> new Fresh(URI.create(MongoTestServer.withDatabase(mongo().uri(),
          "jcache_" + name + "_" + Long.toHexString(System.nanoTime()))
          + (mongo().uri().contains("?") ? "&" : "?") + "timeout=60s"), new Properties());
      case DYNAMODB -> {
        DynamoLocal dynamo = DynamoLocal.shared();
        yield new Fresh(dynamo.uri(DynamoLocal.freshTable(name), "createIfNotExists=true"),
            dynamo.properties());
      }
    };
  }

  /** This JVM's MongoDB server for these tests, never stopped (like DynamoDB Local's). */
  private static synchronized MongoTestServer mongo() {
    if (mongo == null) {
      mongo = MongoTestServer.start();
    }
    return mongo;
  }
}
