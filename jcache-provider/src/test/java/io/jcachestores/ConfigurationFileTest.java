package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file:, jar: and classpath: URIs name a configuration file holding the store and its options. */
class ConfigurationFileTest {

  @TempDir
  Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void aClasspathFileNamesTheStoreAndGetUriIsTheFilesUri() throws Exception {
    Path db = dir.resolve("from-config.db");
    write("jcache-stores.properties", "# the store\nuri=" + Sqlite.uri(db) + "\n");
    StoreCachingProvider provider = new StoreCachingProvider();
    URI config = URI.create("classpath:jcache-stores.properties");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader());
         CacheManager manager = provider.getCacheManager(config, loader)) {
      assertEquals(config, manager.getURI());
      manager.createCache("c", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class)).put("k", "v");
    }
    try (CacheManager direct = Sqlite.manager(db)) {
      Cache<String, String> cache = direct.getCache("c", String.class, String.class);
      assertEquals("v", cache.get("k"), "the entry went to the store the file names");
    }
  }

  @Test
  void theFilesOptionsApplyUnderTheGivenProperties() throws Exception {
    Path file = write("bad.properties",
        "uri=" + Sqlite.uri(dir.resolve("x.db")) + "\nreadConnections=0\n");
    StoreCachingProvider provider = new StoreCachingProvider();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(file.toUri(), provider.getDefaultClassLoader()));
    assertTrue(e.getMessage().startsWith(file.toUri() + " line 2: Option 'readConnections'"),
        e.getMessage());

    Properties override = new Properties();
    override.setProperty("readConnections", "2");
    try (CacheManager manager = provider.getCacheManager(file.toUri(),
        provider.getDefaultClassLoader(), override)) {
      assertEquals(file.toUri(), manager.getURI());
    }
  }

  @Test
  void aFileWithoutAStoreOrThatIsMissingIsAClearError() throws Exception {
    StoreCachingProvider provider = new StoreCachingProvider();
    Path empty = write("empty.properties", "busyTimeout=1s\n");
    IllegalArgumentException noStore = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(empty.toUri(), provider.getDefaultClassLoader()));
    assertTrue(noStore.getMessage().contains("uri="), noStore.getMessage());

    CacheException missing = assertThrows(CacheException.class,
        () -> provider.getCacheManager(URI.create("classpath:nowhere.properties"),
            provider.getDefaultClassLoader()));
    assertTrue(missing.getMessage().contains("classpath:nowhere.properties"),
        missing.getMessage());
  }

  @Test
  void referencesAreSystemPropertiesOrEnvironmentVariables() throws Exception {
    Map.Entry<String, String> variable = System.getenv().entrySet().stream()
        .filter(v -> v.getValue().matches("[A-Za-z0-9_]{1,40}")).findFirst().orElseThrow();
    System.setProperty("configtest.dir", dir.resolve("with space").toString());
    try {
      Path file = write("refs.properties", "# a comment\n"
          + "uri=sqlite:${configtest.dir}/${" + variable.getKey() + "}.db\n");
      StoreCachingProvider provider = new StoreCachingProvider();
      try (CacheManager manager = provider.getCacheManager(file.toUri(),
          provider.getDefaultClassLoader())) {
        manager.createCache("c", new MutableConfiguration<>()).put("k", "v");
      }
      assertTrue(Files.exists(dir.resolve("with space").resolve(variable.getValue() + ".db")),
          "the space of the folder name was encoded into the URI, and decoded into the path");
    } finally {
      System.clearProperty("configtest.dir");
    }
  }

  @Test
  void everyErrorNamesTheFileAndTheLine() throws Exception {
    StoreCachingProvider provider = new StoreCachingProvider();
    ClassLoader loader = provider.getDefaultClassLoader();
    Path unset = write("unset.properties", "\nuri=sqlite:${JCACHESTORES_NEVER_SET_ANYWHERE}/x.db\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(unset.toUri(), loader));
    assertEquals(unset.toUri() + " line 2: ${JCACHESTORES_NEVER_SET_ANYWHERE} is neither a "
        + "system property nor an environment variable", e.getMessage());

    Path unclosed = write("unclosed.properties", "uri=sqlite:/x.db\nsalt=${oops\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(unclosed.toUri(), loader));
    assertTrue(e.getMessage().startsWith(unclosed.toUri() + " line 2:"), e.getMessage());

    Path badUri = write("bad-uri.properties", "busyTimeout=1s\nuri=:no scheme\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(badUri.toUri(), loader));
    assertTrue(e.getMessage().startsWith(badUri.toUri() + " line 2: uri=:no scheme is not a URI"),
        e.getMessage());

    Path badOption = write("bad-option.properties", "uri=" + Sqlite.uri(dir.resolve("o.db"))
        + "\n# a comment \\\nbusyTimeout=\\\n   soon\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(badOption.toUri(), loader));
    assertTrue(e.getMessage().startsWith(badOption.toUri() + " line 3: Option 'busyTimeout'"),
        e.getMessage());
  }
}
