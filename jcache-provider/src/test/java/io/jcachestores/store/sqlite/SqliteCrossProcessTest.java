package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcachestores.Processes;
import io.jcachestores.Sqlite;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic operations stay atomic when two JVMs share one SQLite file. */
class SqliteCrossProcessTest {

  @TempDir
  Path dir;

  @Test
  void twoJvmsIncrementingOneCounterThroughInvokeLoseNoUpdate() throws Exception {
    String uri = Sqlite.uri(dir.resolve("shared.db")).toString();
    List<Long> done = Processes.runTogether(List.of(
        List.of(uri, "counters", "invoke", "5000", "1"),
        List.of(uri, "counters", "invoke", "5000", "2")), 300);
    assertEquals(List.of(5000L, 5000L), done);
    try (CacheManager manager = Sqlite.manager(dir.resolve("shared.db"))) {
      Cache<String, Long> cache = manager.getCache("counters", String.class, Long.class);
      assertEquals(10_000L, cache.get("counter"));
    }
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerPerKeyAcrossJvms() throws Exception {
    String uri = Sqlite.uri(dir.resolve("shared.db")).toString();
    List<Long> wins = Processes.runTogether(List.of(
        List.of(uri, "claims", "putIfAbsent", "2000", "1"),
        List.of(uri, "claims", "putIfAbsent", "2000", "2")), 300);
    assertEquals(2000L, wins.get(0) + wins.get(1));
    try (CacheManager manager = Sqlite.manager(dir.resolve("shared.db"))) {
      Cache<String, Long> cache = manager.getCache("claims", String.class, Long.class);
      long byFirst = 0;
      for (int i = 0; i < 2000; i++) {
        if (cache.get("key-" + i) == 1L) {
          byFirst++;
        }
      }
      assertEquals(wins.get(0), byFirst);
    }
  }
}
