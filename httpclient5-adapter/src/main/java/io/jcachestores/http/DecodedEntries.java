package io.jcachestores.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.hc.client5.http.cache.HttpCacheEntry;

/**
 * Entries a storage decoded recently, each kept with the exact stored bytes (or document) it was
 * decoded from,
 * so that reading the same bytes again returns the decoded entry without running
 * httpclient5-cache's deserializer (the bulk of a cache hit's cost). The store stays the truth:
 * a caller always reads the bytes first, and bytes that changed (another process wrote, or the
 * entry was tampered with) are decoded anew.
 *
 * <p>Bounded by an approximate heap budget (twice the stored bytes: the bytes themselves and the
 * decoded entry); a budget of zero keeps nothing. Decoded entries are shared between callers,
 * as httpclient5-cache's in-memory storage shares them: entries read from bytes are immutable and
 * hold their body on the heap. Thread-safe.
 */
final class DecodedEntries {

  private record Decoded(Object stored, long weight, HttpCacheEntry entry) {}

  private final Cache<String, Decoded> entries;

  /** Creates a memory of at most about {@code maxHeapBytes} of heap; zero keeps nothing. */
  DecodedEntries(long maxHeapBytes) {
    if (maxHeapBytes < 0) {
      throw new IllegalArgumentException("decodedCacheSize is negative: " + maxHeapBytes);
    }
    this.entries = maxHeapBytes == 0 ? null : Caffeine.newBuilder()
        .maximumWeight(maxHeapBytes)
        .weigher((String key, Decoded d) -> (int) Math.min(Integer.MAX_VALUE,
            d.weight + 2L * key.length()))
        .executor(Runnable::run)
        .build();
  }

  /**
   * Returns the entry decoded from exactly {@code stored} (bytes or a document, compared by
   * content) under {@code key}, or null. An equal value of another instance replaces the one
   * remembered, so that a store that hands out the same instance for every read of a stored value
   * is recognised by identity from then on.
   */
  HttpCacheEntry get(String key, Object stored) {
    Decoded d = entries == null ? null : entries.getIfPresent(key);
    if (d == null) {
      return null;
    } else if (d.stored != stored) {
      if (!StoredValues.same(d.stored, stored)) {
        return null;
      }
      entries.put(key, new Decoded(stored, d.weight, d.entry));  // a pair that still holds
    }
    return d.entry;
  }

  /** Remembers that {@code stored}, stored under {@code key}, decodes to {@code entry}. */
  void put(String key, Object stored, HttpCacheEntry entry) {
    if (entries != null) {
      entries.put(key, new Decoded(stored, 2L * StoredValues.size(stored), entry));
    }
  }

  /** Forgets the entry of {@code key}. */
  void remove(String key) {
    if (entries != null) {
      entries.invalidate(key);
    }
  }

  /** Returns the approximate heap held now, for tests. */
  long weight() {
    return entries == null ? 0 : entries.policy().eviction().orElseThrow().weightedSize()
        .orElseThrow();
  }
}
