package io.jcachestores.store.sqlite;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens SQLite storages for {@code sqlite:} URIs: {@code sqlite:/abs/path.db} or
 * {@code sqlite:relative/path.db} (relative to the working directory).
 *
 * <table>
 *   <caption>SQLite options</caption>
 *   <tr><th>name</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code busyTimeout}</td><td>how long an operation waits for another process's
 *       write lock before it fails</td><td>{@code 5s}</td></tr>
 *   <tr><td>{@code journalMode}</td><td>SQLite journal mode (WAL lets readers run beside a
 *       writer)</td><td>{@code WAL}</td></tr>
 *   <tr><td>{@code synchronous}</td><td>SQLite synchronous level: OFF, NORMAL, FULL, EXTRA</td>
 *       <td>{@code NORMAL}</td></tr>
 *   <tr><td>{@code readConnections}</td><td>connections kept open for reads</td><td>4</td></tr>
 * </table>
 */
public final class SqliteStoreFactory implements StoreFactory {

  /** Creates the factory; the service loader does this. */
  public SqliteStoreFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("sqlite");
  }

  @Override
  public Set<String> optionNames() {
    return SqliteSettings.NAMES;
  }

  @Override
  public Storage open(URI uri, StoreOptions options) {
    return new SqliteStorage(path(uri), SqliteSettings.of(options));
  }

  /** Returns the file a {@code sqlite:} URI names. */
  static Path path(URI uri) {
    String raw = uri.isOpaque() ? uri.getRawSchemeSpecificPart() : uri.getRawPath();
    int q = raw == null ? -1 : raw.indexOf('?');
    String path = raw == null ? "" : q < 0 ? raw : raw.substring(0, q);
    path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("The SQLite URI '" + uri + "' names no file: use "
          + "sqlite:/absolute/path.db or sqlite:relative/path.db");
    }
    return Path.of(path).toAbsolutePath();
  }
}
