package io.jcachestores.store.mongo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Maps cache names to MongoDB collection names.
 *
 * <p>A name of at most {@value #MAX_PLAIN} characters made only of ASCII letters, digits,
 * {@code _}, {@code -} and {@code .} maps to {@code jcache.<name>} ({@code orders} to
 * {@code jcache.orders}). Any other name (empty, too long, or with characters such as {@code $},
 * {@code /}, spaces, NUL or non-ASCII letters, which MongoDB refuses or which differ between
 * tools) maps to {@code jcache.<safe>~<hash>}: {@code <safe>} is the name with every other
 * character replaced by {@code _}, cut to {@value #SAFE_PREFIX} characters, and {@code <hash>}
 * the first 16 hex digits of the SHA-256 of its UTF-8 bytes ({@code "a b$"} to
 * {@code jcache.a_b_~...}). Plain names never contain {@code ~}, so the two forms never collide.
 * The registry collection records the mapping of every cache, which makes it reversible.
 */
final class CollectionNames {

  /** The prefix of every cache collection. */
  static final String PREFIX = "jcache.";
  private static final int MAX_PLAIN = 100;
  private static final int SAFE_PREFIX = 40;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_PLAIN + "}");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.\\-]");

  private CollectionNames() {}

  /** Returns the collection that holds the entries of cache {@code cacheName}. */
  static String of(String cacheName) {
    if (PLAIN.matcher(cacheName).matches() && !cacheName.endsWith(".")) {
      return PREFIX + cacheName;
    }
    String safe = UNSAFE.matcher(cacheName).replaceAll("_");
    if (safe.length() > SAFE_PREFIX) {
      safe = safe.substring(0, SAFE_PREFIX);
    }
    return PREFIX + safe + "~" + hash(cacheName);
  }

  private static String hash(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
