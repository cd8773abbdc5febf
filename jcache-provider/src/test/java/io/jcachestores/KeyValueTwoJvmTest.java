package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link KeyValueCache} stays atomic across JVMs on every store: two JVMs of four threads each
 * increment one counter 2,500 times per thread and end at exactly 20,000; two JVMs adding the
 * same keys win each key exactly once.
 */
class KeyValueTwoJvmTest {

  /** Generous: 20,000 increments against DynamoDB Local on a loaded machine. */
  private static final long PATIENCE_SECONDS = 900;

  private static List<Long> runTwo(EveryStore.Fresh store, String mode, String threads,
      String n) throws Exception {
    String uri = store.uri().toString();
    return Processes.runTogether(KeyValueMain.class, store.jvmOptions(),
        List.of(List.of(uri, "kv", mode, threads, n, "1"),
            List.of(uri, "kv", mode, threads, n, "2")), PATIENCE_SECONDS);
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void twoJvmsOfFourThreadsIncrementToExactly20000(EveryStore kind) throws Exception {
    EveryStore.Fresh store = kind.fresh("incr" + kind.ordinal());
    assertEquals(List.of(10_000L, 10_000L), runTwo(store, "increment", "4", "2500"));
    try (CacheManager manager = store.open()) {
      assertEquals(20_000L, manager.getCache("kv", String.class, Long.class).get("counter"));
    }
  }

  @ParameterizedTest
  @EnumSource(EveryStore.class)
  void eachKeyIsAddedByExactlyOneJvm(EveryStore kind) throws Exception {
    EveryStore.Fresh store = kind.fresh("add" + kind.ordinal());
    int keys = 200;
    List<Long> won = runTwo(store, "add", "2", Integer.toString(keys));
    assertEquals(keys, won.get(0) + won.get(1), "one winner per key: " + won);
    try (CacheManager manager = store.open()) {
      Cache<String, Long> cache = manager.getCache("kv", String.class, Long.class);
      long byFirst = 0;
      for (int i = 0; i < keys; i++) {
        Long winner = cache.get("key-" + i);
        assertTrue(Set.of(1L, 2L).contains(winner), "key-" + i + " holds " + winner);
        byFirst += winner == 1L ? 1 : 0;
      }
      assertEquals(won.get(0), byFirst, "the stored winners are the ones add told");
    }
  }
}
