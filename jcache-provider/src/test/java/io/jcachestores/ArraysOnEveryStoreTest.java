package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On every store: an array of an interface (Hibernate's {@code Serializable[]}) is read without
 * allowing {@code java.io.Serializable}, and a refused class inside one, written by someone
 * allowed to write anything, reads as a miss without any of its code running.
 */
class ArraysOnEveryStoreTest {

  private static MongoTestServer mongo;

  @TempDir
  Path dir;

  @AfterAll
  static void stopMongo() {
    if (mongo != null) {
      mongo.close();
    }
  }

  private URI store(String kind) {
    return switch (kind) {
      case "sqlite" -> Sqlite.uri(dir.resolve("arrays.db"));
      case "mongodb" -> {
        if (mongo == null) {
          mongo = MongoTestServer.start();
        }
        yield URI.create(mongo.uri());
      }
      default -> DynamoLocal.shared().uri(DynamoLocal.freshTable("arrays"),
          "createIfNotExists=true");
    };
  }

  private static CacheManager open(URI uri, String allow) {
    Properties properties = DynamoLocal.shared().properties();
    if (allow != null) {
      properties.setProperty("allow", allow);
    }
    StoreCachingProvider provider = new StoreCachingProvider();
    return provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "mongodb", "dynamodb"})
  void arraysAreJudgedByTheirElements(String kind) {
    URI uri = store(kind);
    MutableConfiguration<String, Object> config = new MutableConfiguration<String, Object>()
        .setTypes(String.class, Object.class);
    try (CacheManager attacker = open(uri, "io.jcachestores.Gadget");
         CacheManager reader = open(uri, null)) {
      Cache<String, Object> written = attacker.createCache("state", config);
      written.put("plain", new Serializable[] {"title", 7L});
      written.put("gadget", new Serializable[] {"title", new Gadget("rm -rf /")});

      Cache<String, Object> read = reader.getCache("state", String.class, Object.class);
      assertArrayEquals(new Serializable[] {"title", 7L}, (Object[]) read.get("plain"));
      int reads = Gadget.READS.get();
      assertNull(read.get("gadget"), "a refused element makes the entry a miss");
      assertEquals(reads, Gadget.READS.get(), "no code of the refused class ran");
    }
  }
}
