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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On every store: an array of an interface (Hibernate's {@code Serializable[]}) is read without
 * allowing {@code java.io.Serializable}, and a refused class inside one, written by someone
 * allowed to write anything, reads as a miss without any of its code running.
 */
class ArraysOnEveryStoreTest {

  @TempDir
  Path dir;

  @Test
  void onSqlite() {
    arraysAreJudgedByTheirElements(Sqlite.uri(dir.resolve("arrays.db")), new Properties());
  }

  @Test
  void onMongoDb() {
    try (MongoTestServer mongo = MongoTestServer.start()) {
      arraysAreJudgedByTheirElements(URI.create(mongo.uri()), new Properties());
    }
  }

  @Test
  void onDynamoDb() {
    DynamoLocal dynamo = DynamoLocal.shared();
    // a loaded machine slows DynamoDB Local down: patience, not the product default
    arraysAreJudgedByTheirElements(dynamo.uri(DynamoLocal.freshTable("arrays"),
        "createIfNotExists=true&timeout=30s"), dynamo.properties());
  }

  private static CacheManager open(URI uri, Properties store, String allow) {
    Properties properties = new Properties();
    properties.putAll(store);
    if (allow != null) {
      properties.setProperty("allow", allow);
    }
    StoreCachingProvider provider = new StoreCachingProvider();
    return provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties);
  }

  private static void arraysAreJudgedByTheirElements(URI uri, Properties store) {
    MutableConfiguration<String, Object> config = new MutableConfiguration<String, Object>()
        .setTypes(String.class, Object.class);
    try (CacheManager attacker = open(uri, store, "io.jcachestores.Gadget");
         CacheManager reader = open(uri, store, null)) {
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
