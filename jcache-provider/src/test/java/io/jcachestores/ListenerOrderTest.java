package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asynchronous listeners get the events of one key in the order they happened. */
class ListenerOrderTest {

  private static final int UPDATES = 2_000;

  @TempDir
  Path dir;

  /** Records values; counts down once per event. */
  static final class Recorder implements CacheEntryCreatedListener<String, Integer>,
      CacheEntryUpdatedListener<String, Integer> {
    final List<Integer> values = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch remaining = new CountDownLatch(UPDATES);

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      record(events);
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      for (CacheEntryEvent<? extends String, ? extends Integer> e : events) {
        values.add(e.getValue());
        remaining.countDown();
      }
    }
  }

  @Test
  void asynchronousEventsOfOneKeyArriveInOrder() throws Exception {
    Recorder recorder = new Recorder();
    try (CacheManager manager = Sqlite.manager(dir.resolve("c.db"))) {
      Cache<String, Integer> cache = manager.createCache("c",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          new FactoryBuilder.SingletonFactory<>(recorder), null, false, false));
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < UPDATES; i++) {
        cache.put("k", i);
        expected.add(i);
      }
      assertEquals(true, recorder.remaining.await(30, TimeUnit.SECONDS), "all events arrive");
      assertEquals(expected, recorder.values);
    }
  }
}
