package io.jcachestores;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.cache.CacheManager;

/** Test helpers for caches in a SQLite file. */
public final class Sqlite {

  private Sqlite() {}

  /** Returns the URI of a SQLite file. */
  public static URI uri(Path file) {
    return URI.create("sqlite:" + file.toAbsolutePath().toUri().getRawPath());
  }

  /** Opens a manager on {@code file} through a provider of its own, as a new process would. */
  public static CacheManager manager(Path file) {
    return manager(file, new Properties());
  }

  /** Opens a manager on {@code file} with options, through a provider of its own. */
  public static CacheManager manager(Path file, Properties properties) {
    StoreCachingProvider provider = new StoreCachingProvider();
    return provider.getCacheManager(uri(file), provider.getDefaultClassLoader(), properties);
  }

  /** Opens a plain JDBC connection to the file, to look at or tamper with what is stored. */
  public static Connection jdbc(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
