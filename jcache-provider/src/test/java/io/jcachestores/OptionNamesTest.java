package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misspelled options are refused wherever they come from; mustExist creates nothing. */
class OptionNamesTest {

  @TempDir Path dir;

  private final StoreCachingProvider provider = new StoreCachingProvider();

  private IllegalArgumentException refused(URI uri, Properties properties) {
    return assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties));
  }

  private URI db(String query) {
    return URI.create(Sqlite.uri(dir.resolve("o.db")) + query);
  }

  @Test
  void anUnknownNameInTheUriIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = refused(db("?busyTimout=10s"), null);
    assertTrue(e.getMessage().startsWith("Unknown option 'busyTimout' in the CacheManager URI"),
        e.getMessage());
    assertTrue(e.getMessage().contains("busyTimeout"), e.getMessage());
    assertTrue(e.getMessage().contains("allow"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("o.db")), "nothing was created");
  }

  @Test
  void anUnknownNameInThePropertiesIsIgnoredAsJCacheAllows() {
    Properties props = new Properties();
    props.setProperty("region", "eu-west-1");
    props.setProperty("javax.cache.test.1", "a framework's own property");
    try (CacheManager m = provider.getCacheManager(db(""), provider.getDefaultClassLoader(),
        props)) {
      assertEquals(props, m.getProperties());
    }
  }

  @Test
  void anUnknownNameInAConfigurationFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("c.properties"),
        "uri=" + Sqlite.uri(dir.resolve("o.db")) + "\nreadConnection=2\n");
    IllegalArgumentException e = refused(file.toUri(), null);
    assertTrue(e.getMessage().contains(" line 2: Unknown option 'readConnection' in the "
        + "configuration file"), e.getMessage());
  }

  @Test
  void aSystemPropertyMustBeAnOptionOfSomeStore() {
    System.setProperty("jcachestores.region", "eu-west-1");
    try (CacheManager m = provider.getCacheManager(db(""), provider.getDefaultClassLoader())) {
      assertEquals(db(""), m.getURI(), "a DynamoDB default does not stop a SQLite manager");
    } finally {
      System.clearProperty("jcachestores.region");
    }
    System.setProperty("jcachestores.pagesize", "10");
    try {
      IllegalArgumentException e = refused(db("?x"), null);
      assertTrue(e.getMessage().contains("system property jcachestores.pagesize"),
          e.getMessage());
    } finally {
      System.clearProperty("jcachestores.pagesize");
    }
  }

  @Test
  void mustExistCreatesNoSqliteFileAndNoTables() throws Exception {
    Path missing = dir.resolve("no/such/dir/c.db");
    Properties mustExist = new Properties();
    mustExist.setProperty("mustExist", "true");
    CacheException e = assertThrows(CacheException.class,
        () -> provider.getCacheManager(Sqlite.uri(missing), provider.getDefaultClassLoader(),
            mustExist));
    assertTrue(e.getMessage().contains("There is no SQLite file " + missing), e.getMessage());
    assertFalse(Files.exists(dir.resolve("no")), "no folder was created");

    Path foreign = dir.resolve("foreign.db");
    try (var c = Sqlite.jdbc(foreign); var s = c.createStatement()) {
      s.execute("CREATE TABLE t (x)");
    }
    e = assertThrows(CacheException.class,
        () -> provider.getCacheManager(Sqlite.uri(foreign), provider.getDefaultClassLoader(),
            mustExist));
    assertTrue(e.getMessage().contains("holds no jcache-stores caches"), e.getMessage());

    Path existing = dir.resolve("existing.db");
    try (CacheManager m = Sqlite.manager(existing)) {
      m.createCache("c", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).put("k", "v");
    }
    try (CacheManager m = Sqlite.manager(existing, mustExist)) {
      Cache<String, String> c = m.getCache("c", String.class, String.class);
      assertEquals("v", c.get("k"));
    }
  }

  @Test
  void aFileThatIsNotADatabaseOrAFolderIsNamedAsSuch() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database, ".repeat(100));
    CacheException e = assertThrows(CacheException.class, () -> Sqlite.manager(text));
    assertTrue(e.getMessage().endsWith("the file is not a SQLite database"), e.getMessage());
    Path folder = Files.createDirectory(dir.resolve("folder.db"));
    e = assertThrows(CacheException.class, () -> Sqlite.manager(folder));
    assertTrue(e.getMessage().endsWith("it is a folder, not a file"), e.getMessage());
  }

  @Test
  void aUriWithoutSchemeSuggestsSqlite() {
    IllegalArgumentException e = refused(URI.create("/tmp/x.db"), null);
    assertTrue(e.getMessage().contains("write sqlite:/tmp/x.db"), e.getMessage());
  }
}
