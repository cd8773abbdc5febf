package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CacheManager is identified by its URI without the query, which holds options, and without a
 * password: getURI() names the store, gives back the same manager, and makes the JMX names
 * Micrometer builds.
 */
class ManagerUriTest {

  @TempDir
  Path dir;

  @Test
  void theQueryConfiguresTheManagerAndIsNotPartOfItsUri() throws Exception {
    URI store = Sqlite.uri(dir.resolve("books.db"));
    URI withOptions = URI.create(store + "?busyTimeout=10s&statistics=true");
    StoreCachingProvider provider = new StoreCachingProvider();
    ClassLoader loader = provider.getDefaultClassLoader();
    try (CacheManager manager = provider.getCacheManager(withOptions, loader)) {
      assertEquals(store, manager.getURI());
      assertSame(manager, provider.getCacheManager(manager.getURI(), loader));
      assertSame(manager, provider.getCacheManager(URI.create(store + "?busyTimeout=1s"), loader),
          "options, like Properties, only configure a manager that is not open yet");

      manager.createCache("books", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).put("k", "v");
      ObjectName micrometers = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + manager.getURI().toString().replace(':', '.') + ",Cache=books");
      assertEquals(1L, ManagementFactory.getPlatformMBeanServer()
          .getAttribute(micrometers, "CachePuts"), "the query's statistics=true applied");

      provider.close(withOptions, loader);
      assertTrue(manager.isClosed(), "closing by the URI asked for closes the manager");
    }
    try (CacheManager reopened = provider.getCacheManager(store, loader)) {
      assertEquals("v", reopened.getCache("books", String.class, String.class).get("k"));
    }
  }

  @Test
  void theDefaultUriIsIdentifiedWithoutItsQueryAndOpensWithItsOptions() throws Exception {
    URI store = Sqlite.uri(dir.resolve("default.db"));
    String previous = System.setProperty(StoreCachingProvider.URI_PROPERTY,
        store + "?statistics=true");
    try {
      StoreCachingProvider provider = new StoreCachingProvider();
      assertEquals(store, provider.getDefaultURI());
      try (CacheManager manager = provider.getCacheManager()) {
        assertEquals(store, manager.getURI());
        assertSame(manager, provider.getCacheManager(store, provider.getDefaultClassLoader()));
        manager.createCache("c", new MutableConfiguration<>());
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(
            "javax.cache:type=CacheStatistics,CacheManager="
                + store.toString().replace(':', '.') + ",Cache=c")));
      }
    } finally {
      if (previous == null) {
        System.clearProperty(StoreCachingProvider.URI_PROPERTY);
      } else {
        System.setProperty(StoreCachingProvider.URI_PROPERTY, previous);
      }
    }
  }

  @Test
  void aPasswordOpensTheStoreButIsNeverPartOfTheManagersUri() {
    // nothing listens there: a MongoDB manager connects only when a cache is used
    URI asked = URI.create("mongodb://alice:s3cr3t-pw@127.0.0.1:1/db?timeout=1s");
    StoreCachingProvider provider = new StoreCachingProvider();
    ClassLoader loader = provider.getDefaultClassLoader();
    try (CacheManager manager = provider.getCacheManager(asked, loader)) {
      assertEquals(URI.create("mongodb://alice@127.0.0.1:1/db"), manager.getURI());
      assertSame(manager, provider.getCacheManager(asked, loader));
      assertSame(manager, provider.getCacheManager(manager.getURI(), loader));
      provider.close(asked, loader);
      assertTrue(manager.isClosed(), "closing by the URI asked for closes the manager");
    }
  }

  @Test
  void theIdentityDropsOnlyTheQueryAndThePassword() {
    assertEquals(URI.create("mongodb://alice@h1:27017,h2:27017/db"), ManagerOptions.identity(
        URI.create("mongodb://alice:p%40ss@h1:27017,h2:27017/db?replicaSet=rs&w=1")));
    assertEquals(URI.create("mongodb+srv://h.example.com/db"),
        ManagerOptions.identity(URI.create("mongodb+srv://:pw@h.example.com/db")));
    assertEquals(URI.create("mongodb://alice@h"),
        ManagerOptions.identity(URI.create("mongodb://alice:pw@h?x=a@b")));
    for (String unchanged : new String[] {"mongodb://alice@h/db", "mongodb://h:27017/db",
        "dynamodb://localhost:8000/table", "sqlite:/data/x.db", "file:///etc/a@b:c.properties"}) {
      assertEquals(URI.create(unchanged), ManagerOptions.identity(URI.create(unchanged)));
    }
  }
}
