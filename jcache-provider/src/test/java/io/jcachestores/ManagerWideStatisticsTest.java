package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code statistics} and {@code management} options turn them on for every cache of a
 * manager, also caches created by a framework with a plain configuration and caches reopened
 * from the store.
 */
class ManagerWideStatisticsTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @TempDir
  Path dir;

  /** The name Micrometer's JCacheMetrics and the TCK look up: the URI with ':' as '.'. */
  private static ObjectName name(String type, CacheManager manager, String cache)
      throws Exception {
    return new ObjectName("javax.cache:type=" + type + ",CacheManager="
        + manager.getURI().toString().replace(':', '.') + ",Cache=" + cache);
  }

  private static boolean statisticsOn(Cache<?, ?> cache) {
    return cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled();
  }

  @Test
  void everyCacheOfTheManagerHasStatisticsAndManagement() throws Exception {
    Path db = dir.resolve("stats.db");
    Properties options = new Properties();
    options.setProperty("statistics", "true");
    options.setProperty("management", "true");
    try (CacheManager manager = Sqlite.manager(db, options)) {
      Cache<String, String> created = manager.createCache("created",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      created.put("k", "v");
      created.get("k");
      created.get("missing");
      assertTrue(statisticsOn(created));
      assertEquals(1L, SERVER.getAttribute(name("CacheStatistics", manager, "created"),
          "CacheHits"));
      assertEquals(1L, SERVER.getAttribute(name("CacheStatistics", manager, "created"),
          "CacheMisses"));
      assertEquals(true, SERVER.getAttribute(name("CacheConfiguration", manager, "created"),
          "StatisticsEnabled"));

      manager.enableStatistics("created", false);
      assertFalse(SERVER.isRegistered(name("CacheStatistics", manager, "created")),
          "a cache's own switch still works");
    }
    try (CacheManager plain = Sqlite.manager(db)) {
      Cache<String, String> reopened = plain.getCache("created", String.class, String.class);
      assertFalse(statisticsOn(reopened), "the option is the manager's, not stored with caches");
    }
    try (CacheManager again = Sqlite.manager(db, options)) {
      again.getCache("created", String.class, String.class);
      assertTrue(SERVER.isRegistered(name("CacheStatistics", again, "created")),
          "a cache reopened from the store gets the option too");
    }
  }

  @Test
  void malformedValuesAreRefusedNamingTheOption() {
    Properties options = new Properties();
    options.setProperty("statistics", "yes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sqlite.manager(dir.resolve("bad.db"), options));
    assertTrue(e.getMessage().contains("'statistics'"), e.getMessage());
  }
}
