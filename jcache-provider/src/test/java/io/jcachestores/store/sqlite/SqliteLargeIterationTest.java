package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Processes;
import io.jcachestores.Sqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iteration reads the store page by page: a JVM whose heap is far smaller than the cache iterates
 * all of it.
 */
class SqliteLargeIterationTest {

  private static final int ENTRIES = 1_000_000;

  @TempDir
  Path dir;

  @Test
  void aMillionEntriesIterateInA32MiBHeap() throws Exception {
    Path file = dir.resolve("big.db");
    try (CacheManager manager = Sqlite.manager(file)) {
      manager.createCache("big",
          new MutableConfiguration<Long, String>().setTypes(Long.class, String.class));
    }
    // ~130 MB of keys and values, written in the codec's format ('L' + decimal, 'S' + UTF-8)
    try (Connection c = Sqlite.jdbc(file); Statement s = c.createStatement()) {
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
          + ENTRIES + ") INSERT INTO jcache_entries (cache, key, value, expires_at) "
          + "SELECT 'big', CAST('L' || i AS BLOB), CAST('S' || hex(randomblob(50)) AS BLOB), "
          + Long.MAX_VALUE + " FROM n");
    }
    List<Long> seen = Processes.runTogether(IterateMain.class, List.of("-Xmx32m"),
        List.of(List.of(Sqlite.uri(file).toString(), "big")), 300);
    assertEquals(List.of((long) ENTRIES), seen);
  }
}
