package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored bytes are untrusted: another process, or an attacker with write access to the database,
 * may have written them. Whatever they hold, a read is a miss, never a crash or foreign code.
 */
class UntrustedBytesTest {

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("cache.db");
  }

  private static byte[] stored(Path file, String cache) throws SQLException {
    try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(
        "SELECT value FROM jcache_entries WHERE cache = ?")) {
      ps.setString(1, cache);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  private static void overwrite(Path file, String cache, byte[] value) throws SQLException {
    try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(
        "UPDATE jcache_entries SET value = ? WHERE cache = ?")) {
      ps.setBytes(1, value);
      ps.setString(2, cache);
      assertEquals(1, ps.executeUpdate());
    }
  }

  private static int rows(Path file, String cache) throws SQLException {
    try (Connection c = Sqlite.jdbc(file); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM jcache_entries WHERE cache = ?")) {
      ps.setString(1, cache);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void corruptBytesReadAsAMissAndAreRemoved() throws Exception {
    try (CacheManager manager = Sqlite.manager(file())) {
      Cache<String, Object> cache = manager.createCache("c",
          new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
      cache.put("k", new java.util.ArrayList<>(java.util.List.of(1, 2, 3)));
      byte[] bytes = stored(file(), "c");
      bytes[bytes.length / 2] ^= 0x5a;
      overwrite(file(), "c", bytes);

      assertNull(cache.get("k"));
      assertEquals(0, rows(file(), "c"));
      cache.put("k", "fine again");
      assertEquals("fine again", cache.get("k"));
    }
  }

  @Test
  void garbageOfEveryFormatReadsAsAMiss() throws Exception {
    try (CacheManager manager = Sqlite.manager(file())) {
      Cache<String, Object> cache = manager.createCache("c", new MutableConfiguration<>());
      for (String garbage : new String[] {"", "L12x", "Zmaybe", "Cab", "J\u0000\u0001", "?x"}) {
        cache.put("k", "placeholder");
        overwrite(file(), "c", garbage.getBytes(StandardCharsets.ISO_8859_1));
        assertNull(cache.get("k"), () -> "garbage " + garbage);
      }
    }
  }

  @Test
  void aClassOutsideTheAllowlistIsNeverDeserialized() throws Exception {
    Path other = dir.resolve("other.db");
    try (CacheManager writer = Sqlite.manager(other)) {
      writer.createCache("c", new StoreConfiguration<String, Object>()
          .allowClasses("io.jcachestores.Gadget")).put("k", new Gadget("rm -rf /"));
    }
    int reads = Gadget.READS.get();
    try (CacheManager manager = Sqlite.manager(file())) {
      Cache<String, Object> cache = manager.createCache("c", new MutableConfiguration<>());
      cache.put("k", "placeholder");
      overwrite(file(), "c", stored(other, "c"));

      assertNull(cache.get("k"));
      assertEquals(reads, Gadget.READS.get(), "none of the refused class's code ran");
      assertFalse(cache.containsKey("k"), "the refused entry is removed");
    }
  }

  @Test
  void writingAClassThatCouldNeverBeReadBackFailsAtOnce() {
    try (CacheManager manager = Sqlite.manager(file())) {
      Cache<String, Object> cache = manager.createCache("c", new MutableConfiguration<>());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> cache.put("k", new Gadget("x")));
      assertTrue(e.getMessage().contains("io.jcachestores.Gadget")
          && e.getMessage().contains("allowClasses"), e.getMessage());
      assertFalse(cache.containsKey("k"));
    }
  }

  @Test
  void configuredValueTypeAndAllowlistAreAccepted() {
    try (CacheManager manager = Sqlite.manager(file())) {
      Cache<String, Gadget> typed = manager.createCache("typed",
          new MutableConfiguration<String, Gadget>().setTypes(String.class, Gadget.class));
      typed.put("k", new Gadget("a"));
      assertEquals(new Gadget("a"), typed.get("k"));

      Cache<String, Object> allowed = manager.createCache("allowed",
          new StoreConfiguration<String, Object>().allowClasses("io.jcachestores.Gadget"));
      allowed.put("k", new Gadget("b"));
      assertEquals(new Gadget("b"), allowed.get("k"));
    }
  }

  @Test
  void signedValuesRejectTamperingAndUnsignedWrites() throws Exception {
    Properties signed = new Properties();
    signed.setProperty("secretKey", "s3cret");
    try (CacheManager manager = Sqlite.manager(file(), signed)) {
      Cache<String, String> cache = manager.createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "original");
      assertEquals("original", cache.get("k"));

      byte[] bytes = stored(file(), "c");
      byte[] tampered = bytes.clone();
      tampered[tampered.length - 1] = 'X';
      overwrite(file(), "c", tampered);
      assertNull(cache.get("k"), "a value changed after signing is refused");

      cache.put("k", "original");
      overwrite(file(), "c", "Sunsigned".getBytes(StandardCharsets.UTF_8));
      assertNull(cache.get("k"), "an unsigned value is refused");

      cache.put("k", "original");
      assertArrayEquals(bytes, stored(file(), "c"), "signing is deterministic");
    }
    Properties otherKey = new Properties();
    otherKey.setProperty("secretKey", "another");
    try (CacheManager manager = Sqlite.manager(file(), otherKey)) {
      assertNull(manager.getCache("c", String.class, String.class).get("k"),
          "a value signed with another key is refused");
    }
  }

  @Test
  void aSecretKeyInTheUriIsRefused() {
    StoreCachingProvider provider = new StoreCachingProvider();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> provider.getCacheManager(java.net.URI.create(
            Sqlite.uri(file()) + "?secretKey=oops"), provider.getDefaultClassLoader()));
    assertFalse(e.getMessage().contains("oops"));
  }
}
