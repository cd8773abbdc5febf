package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caches.getOrCreate: the one "get, else create, else get what a racer created". */
class CachesTest {

  @TempDir Path dir;

  @Test
  void createsOnceThenFindsAndRefusesOtherTypes() {
    try (CacheManager manager = Sqlite.manager(dir.resolve("c.db"))) {
      Cache<String, Long> created = Caches.getOrCreate(manager, "n", String.class, Long.class);
      created.put("k", 1L);
      assertSame(created, Caches.getOrCreate(manager, "n", String.class, Long.class));
      assertThrows(ClassCastException.class,
          () -> Caches.getOrCreate(manager, "n", String.class, String.class));
    }
    try (CacheManager again = Sqlite.manager(dir.resolve("c.db"))) {
      assertEquals(1L, Caches.getOrCreate(again, "n", String.class, Long.class).get("k"),
          "a cache in the store is reopened, not created anew");
    }
  }
}
