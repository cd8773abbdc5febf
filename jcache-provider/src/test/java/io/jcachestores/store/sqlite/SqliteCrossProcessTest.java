package io.jcachestores.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.CounterMain;
import io.jcachestores.Processes;
import io.jcachestores.Sqlite;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic operations stay atomic when two JVMs share one SQLite file, and writes committed in
 * groups (many threads of one JVM) are each durable and visible to other JVMs once acknowledged.
 */
class SqliteCrossProcessTest {

  /** The test's patience for the other JVMs; unrelated to any product timeout. */
  private static final long PATIENCE_SECONDS = 300;

  @TempDir
  Path dir;

  @Test
  void manyThreadsInTwoJvmsLoseNoPutAndAnotherJvmReadsEachAsSoonAsAcknowledged()
      throws Exception {
    Path file = dir.resolve("shared.db");
    String uri = Sqlite.uri(file).toString();
    int threads = 4;
    int operations = 100;
    try (CacheManager manager = Sqlite.manager(file)) {
      Cache<String, Long> cache = CounterMain.open(manager, "grouped");
      List<Processes.Started> writers = new ArrayList<>();
      ExecutorService readers = Executors.newFixedThreadPool(2);
      try {
        for (String id : List.of("p", "q")) {
          writers.add(Processes.start(GroupCommitMain.class, List.of(), List.of(uri, "grouped",
              "puts", String.valueOf(threads), String.valueOf(operations), id)));
        }
        List<Future<Integer>> checked = new ArrayList<>();
        for (Processes.Started writer : writers) {
          writer.go();
          checked.add(readers.submit(() -> checkEachAcknowledged(writer.output(), cache)));
        }
        for (int i = 0; i < writers.size(); i++) {
          // per thread: operations / 2 puts of one key and operations / 2 putAlls of five
          assertEquals(threads * (operations / 2) * 6,
              checked.get(i).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
          writers.get(i).awaitExit(PATIENCE_SECONDS);
        }
      } finally {
        readers.shutdownNow();
        writers.forEach(w -> w.process().destroyForcibly());
      }
      int stored = 0;
      for (Cache.Entry<String, Long> ignored : cache) {
        stored++;
      }
      assertEquals(2 * threads * (operations / 2) * 6, stored);
    }
  }

  /** Reads "put"/"putAll" lines until "done", getting each key at once; returns the keys read. */
  private static int checkEachAcknowledged(BufferedReader output, Cache<String, Long> cache)
      throws IOException {
    int keys = 0;
    for (String line; (line = output.readLine()) != null && !line.startsWith("done "); ) {
      for (String key : acknowledgedKeys(line)) {
        assertNotNull(cache.get(key), "acknowledged by the other JVM, then not readable: " + key);
        keys++;
      }
    }
    return keys;
  }

  private static List<String> acknowledgedKeys(String line) {
    String[] parts = line.split(" ", 2);
    assertTrue(parts.length == 2 && Set.of("put", "putAll").contains(parts[0]), line);
    List<String> keys = List.of(parts[1].split(","));
    assertEquals(parts[0].equals("put") ? 1 : 5, keys.size(), line);
    return keys;
  }

  @Test
  void killedDuringGroupCommitKeepsEveryAcknowledgedPutAndNoPartialPutAll() throws Exception {
    Path file = dir.resolve("shared.db");
    Processes.Started writer = Processes.start(GroupCommitMain.class, List.of(), List.of(
        Sqlite.uri(file).toString(), "killed", "puts", "4", "-1", "k"));
    List<String> acknowledged = new ArrayList<>();
    try {
      writer.go();
      while (acknowledged.size() < 2_000) {
        String line = writer.output().readLine();
        assertNotNull(line, "the writing JVM ended before it was killed");
        acknowledged.add(line);
      }
    } finally {
      // SIGKILL (no shutdown hook, no close); unlike Process.destroyForcibly, the handle's
      // keeps our end of the pipe open, so the lines already written can still be read
      writer.process().toHandle().destroyForcibly();
    }
    assertTrue(writer.process().waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS));
    // lines written before the kill; the last one may be cut short
    StringBuilder rest = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n; (n = writer.output().read(buffer)) > 0; ) {
      rest.append(buffer, 0, n);
    }
    List<String> more = new ArrayList<>(List.of(rest.toString().split("\n", -1)));
    more.remove(more.size() - 1);
    acknowledged.addAll(more);

    try (CacheManager manager = Sqlite.manager(file)) {
      Cache<String, Long> cache = manager.getCache("killed", String.class, Long.class);
      for (String line : acknowledged) {
        for (String key : acknowledgedKeys(line)) {
          assertNotNull(cache.get(key), "acknowledged before the kill, then lost: " + key);
        }
      }
      Map<String, Integer> batches = new HashMap<>();
      for (Cache.Entry<String, Long> e : cache) {
        int slash = e.getKey().indexOf('/');
        if (slash >= 0) {
          batches.merge(e.getKey().substring(0, slash), 1, Integer::sum);
        }
      }
      batches.forEach((batch, keys) -> assertEquals(5, keys, "putAll " + batch + " is partial"));
    }
  }

  @Test
  void invokeCountersStayExactWhileGroupsOfPutsCommitAroundThem() throws Exception {
    String uri = Sqlite.uri(dir.resolve("shared.db")).toString();
    List<Long> done = Processes.runTogether(GroupCommitMain.class, List.of(), List.of(
        List.of(uri, "counters", "counter", "4", "500", "a"),
        List.of(uri, "counters", "counter", "4", "500", "b")), PATIENCE_SECONDS);
    assertEquals(List.of(2000L, 2000L), done);
    try (CacheManager manager = Sqlite.manager(dir.resolve("shared.db"))) {
      Cache<String, Long> cache = manager.getCache("counters", String.class, Long.class);
      assertEquals(4000L, cache.get("counter"));
      assertEquals(499L, cache.get("b-3-499"));
    }
  }

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
