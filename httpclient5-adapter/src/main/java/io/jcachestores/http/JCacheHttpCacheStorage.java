package io.jcachestores.http;

import io.jcachestores.ExpiringCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.Configuration;
import org.apache.hc.client5.http.cache.HttpCacheCASOperation;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.HttpCacheStorage;
import org.apache.hc.client5.http.cache.HttpCacheStorageEntry;
import org.apache.hc.client5.http.cache.HttpCacheUpdateException;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.client5.http.impl.cache.HttpByteArrayCacheEntrySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An httpclient5-cache {@link HttpCacheStorage} on any JCache cache with String keys: one of
 * jcache-stores (SQLite, MongoDB, DynamoDB) or another provider's.
 *
 * <ul>
 *   <li>On a cache of jcache-stores whose values are {@code Object}s (as
 *       {@link JCacheHttpCaching} creates it), each entry is stored as a readable document
 *       ({@code Map<String, Object>}: URL, method, status, headers, body as text or bytes,
 *       instants, variants, expiry; see {@link HttpDocuments}), which the store keeps as a
 *       MongoDB document, a DynamoDB map or SQLite JSON text. On any other cache (a
 *       {@code Cache<String, byte[]>}, another provider's), entries are stored as the bytes of
 *       httpclient5-cache's own {@link HttpByteArrayCacheEntrySerializer}. Both forms are read
 *       whichever is written, so entries stored as bytes before documents stay hits. Entry
 *       objects are never Java-serialized.
 *   <li>On a cache that implements {@link ExpiringCache} (every cache of jcache-stores), each
 *       stored entry expires by itself after its freshness lifetime plus a grace period
 *       ({@link EntryLifetime}); another provider's cache applies its own expiry policy.
 *   <li>{@link #updateEntry} is a compare-and-set on the stored bytes
 *       ({@link ExpiringCache#compareAndSet}, or an entry processor on another provider's
 *       cache), retried on lost races; the operation returning null deletes the entry. It stays
 *       atomic when several processes share the store.
 *   <li>Every read goes to the store. Entries decoded recently are kept in memory with the
 *       bytes they were decoded from (within a heap budget), so a hit or an update whose stored
 *       bytes are unchanged is not decoded again; changed bytes are always decoded anew.
 *   <li>A stored value that cannot be decoded (corrupt, written by an incompatible version)
 *       reads as a miss and is removed.
 *   <li>Every failure of the cache (a store that is down) is reported as a
 *       {@link ResourceIOException}, which httpclient5-cache treats as a miss: requests then go
 *       to the origin and succeed.
 * </ul>
 *
 * <p>This class is thread-safe. It does blocking I/O: with an async client use
 * {@link JCacheHttpAsyncCacheStorage}.
 */
public final class JCacheHttpCacheStorage implements HttpCacheStorage {

  /** The default number of retries of {@link #updateEntry} after a lost race. */
  public static final int DEFAULT_MAX_UPDATE_RETRIES = 8;

  /** The default heap budget for entries kept decoded: 16 MiB. */
  public static final long DEFAULT_DECODED_CACHE_SIZE = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(JCacheHttpCacheStorage.class);
  private static final HttpByteArrayCacheEntrySerializer SERIALIZER =
      HttpByteArrayCacheEntrySerializer.INSTANCE;

  private final Cache<String, Object> cache;
  /** The cache as an {@link ExpiringCache}, or null if it is another provider's. */
  private final ExpiringCache<String, Object> expiring;
  /** Whether entries are written as documents rather than bytes. */
  private final boolean documents;
  private final EntryLifetime lifetime;
  private final int maxUpdateRetries;
  private final DecodedEntries decoded;

  /**
   * Creates a storage on {@code cache} with httpclient5-cache's default freshness rules, the
   * default grace period, {@value #DEFAULT_MAX_UPDATE_RETRIES} update retries and the default
   * budget for decoded entries.
   */
  public JCacheHttpCacheStorage(Cache<String, ?> cache) {
    this(cache, EntryLifetime.defaults(), DEFAULT_MAX_UPDATE_RETRIES);
  }

  /**
   * Creates a storage on {@code cache} with the default budget for decoded entries.
   *
   * @param lifetime how long stored entries live (used only on caches of jcache-stores)
   * @param maxUpdateRetries how often {@link #updateEntry} retries after a lost race
   * @throws IllegalArgumentException if maxUpdateRetries is negative
   */
  public JCacheHttpCacheStorage(Cache<String, ?> cache, EntryLifetime lifetime,
      int maxUpdateRetries) {
    this(cache, lifetime, maxUpdateRetries, DEFAULT_DECODED_CACHE_SIZE);
  }

  /**
   * Creates a storage on {@code cache}.
   *
   * @param lifetime how long stored entries live (used only on caches of jcache-stores)
   * @param maxUpdateRetries how often {@link #updateEntry} retries after a lost race
   * @param decodedCacheSize about how much heap, in bytes, entries kept decoded may take
   *     (0: decode every hit)
   * @throws IllegalArgumentException if maxUpdateRetries or decodedCacheSize is negative
   */
  @SuppressWarnings("unchecked")
  public JCacheHttpCacheStorage(Cache<String, ?> cache, EntryLifetime lifetime,
      int maxUpdateRetries, long decodedCacheSize) {
    this.cache = (Cache<String, Object>) Objects.requireNonNull(cache, "cache");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    if (maxUpdateRetries < 0) {
      throw new IllegalArgumentException("maxUpdateRetries is negative: " + maxUpdateRetries);
    }
    this.maxUpdateRetries = maxUpdateRetries;
    this.decoded = new DecodedEntries(decodedCacheSize);
    this.expiring = expiringOf(this.cache);
    this.documents = expiring != null && this.cache.getConfiguration(Configuration.class)
        .getValueType().isAssignableFrom(LinkedHashMap.class);
  }

  @SuppressWarnings("unchecked")
  private static ExpiringCache<String, Object> expiringOf(Cache<String, Object> cache) {
    try {
      return cache.unwrap(ExpiringCache.class);
    } catch (RuntimeException notOurs) {
      return null;
    }
  }

  /** Returns the JCache cache the entries are stored in. */
  public Cache<String, ?> cache() {
    return cache;
  }

  /** Returns whether entries are written as readable documents (else as bytes). */
  public boolean writesDocuments() {
    return documents;
  }

  /**
   * Returns the cache as an {@link ExpiringCache}, whose entries get their own time to live, or
   * null if it is another provider's cache.
   */
  ExpiringCache<String, Object> expiringCache() {
    return expiring;
  }

  /** Returns the lifetime rules of stored entries. */
  public EntryLifetime lifetime() {
    return lifetime;
  }

  /** Stores {@code entry} under {@code key}, replacing any previous entry. */
  @Override
  public void putEntry(String key, HttpCacheEntry entry) throws ResourceIOException {
    Instant now = Instant.now();
    Duration ttl = expiring == null ? null : lifetime.timeToLive(entry, now);
    Object stored = encode(key, entry, now, ttl);
    try {
      if (expiring != null) {
        expiring.put(key, stored, ttl);
      } else {
        cache.put(key, stored);
      }
    } catch (RuntimeException e) {
      throw failure("store", key, e);
    }
  }

  /** Returns the entry stored under {@code key}, or null if there is none or it is corrupt. */
  @Override
  public HttpCacheEntry getEntry(String key) throws ResourceIOException {
    Object stored;
    try {
      stored = read(key);
    } catch (RuntimeException e) {
      throw failure("read", key, e);
    }
    return decodeOrEvict(key, stored);
  }

  /**
   * Reads what is stored under {@code key}. A cache of jcache-stores may hand the same
   * unmodifiable document to every read of the same stored value
   * ({@link ExpiringCache#getShared}), which the decoded-entry memory then recognises without
   * comparing it; nothing here changes what it reads.
   */
  private Object read(String key) {
    return expiring != null ? expiring.getShared(key) : cache.get(key);
  }

  /** Removes the entry stored under {@code key}, if any. */
  @Override
  public void removeEntry(String key) throws ResourceIOException {
    decoded.remove(key);
    try {
      cache.remove(key);
    } catch (RuntimeException e) {
      throw failure("remove", key, e);
    }
  }

  /**
   * Applies {@code casOperation} to the entry stored under {@code key} (null if absent) and
   * stores its result (removes the entry if the result is null), only if the stored bytes did
   * not change meanwhile; otherwise reads again and retries.
   *
   * @throws HttpCacheUpdateException if every attempt lost a race
   */
  @Override
  public void updateEntry(String key, HttpCacheCASOperation casOperation)
      throws ResourceIOException, HttpCacheUpdateException {
    for (int attempt = 0; attempt <= maxUpdateRetries; attempt++) {
      Object current;
      try {
        current = read(key);
      } catch (RuntimeException e) {
        throw failure("read", key, e);
      }
      HttpCacheEntry existing = current == null ? null : decodeRemembered(key, current);
      HttpCacheEntry updated = casOperation.execute(existing);
      Instant now = Instant.now();
      Duration ttl = updated == null || expiring == null ? null
          : lifetime.timeToLive(updated, now);
      Object replacement = updated == null ? null : encode(key, updated, now, ttl);
      boolean swapped;
      try {
        swapped = compareAndSet(key, current, replacement, ttl);
      } catch (RuntimeException e) {
        throw failure("update", key, e);
      }
      if (swapped) {
        return;
      }
      LOG.debug("Lost a race updating cache entry {} (attempt {})", key, attempt + 1);
    }
    throw new HttpCacheUpdateException("Cannot update cache entry " + key + ": it changed "
        + "concurrently " + (maxUpdateRetries + 1) + " times in a row");
  }

  /** Returns the entries stored under {@code keys}, in one bulk read; missing keys are absent. */
  @Override
  public Map<String, HttpCacheEntry> getEntries(Collection<String> keys)
      throws ResourceIOException {
    Set<String> wanted = new LinkedHashSet<>(keys);
    Map<String, Object> found;
    try {
      found = cache.getAll(wanted);
    } catch (RuntimeException e) {
      throw failure("read", wanted.toString(), e);
    }
    Map<String, HttpCacheEntry> result = new HashMap<>();
    for (Map.Entry<String, Object> e : found.entrySet()) {
      HttpCacheEntry entry = decodeOrEvict(e.getKey(), e.getValue());
      if (entry != null) {
        result.put(e.getKey(), entry);
      }
    }
    return result;
  }

  /**
   * Replaces the stored value of {@code key} if it is still {@code expected} (by content; null:
   * absent); a null replacement removes the entry. The time to live is used only by an
   * {@link ExpiringCache}.
   */
  private boolean compareAndSet(String key, Object expected, Object replacement, Duration ttl) {
    return expiring != null
        ? expiring.compareAndSet(key, expected, replacement, ttl)
        : Boolean.TRUE.equals(cache.invoke(key, new CompareAndSet(expected, replacement)));
  }

  /**
   * Decodes stored bytes, or returns the entry decoded from the same bytes before; removes them
   * (if still stored) and returns null if they are corrupt.
   */
  private HttpCacheEntry decodeOrEvict(String key, Object stored) {
    if (stored == null) {
      decoded.remove(key);
      return null;
    }
    HttpCacheEntry entry = decodeRemembered(key, stored);
    if (entry == null) {
      try {
        compareAndSet(key, stored, null, null);
      } catch (RuntimeException e) {
        LOG.warn("Cannot remove corrupt cache entry {}: {}", key, e.toString());
      }
    }
    return entry;
  }

  /**
   * Returns the entry decoded before from exactly {@code stored}, else decodes it and remembers
   * the result; null if it cannot be decoded.
   */
  private HttpCacheEntry decodeRemembered(String key, Object stored) {
    HttpCacheEntry entry = decoded.get(key, stored);
    if (entry == null) {
      entry = decode(key, stored);
      if (entry != null) {
        decoded.put(key, stored, entry);
      }
    }
    return entry;
  }

  /**
   * Decodes a stored document or stored bytes; returns null (and logs) if it is absent or cannot
   * be decoded.
   */
  static HttpCacheEntry decode(String key, Object stored) {
    if (stored == null) {
      return null;
    }
    try {
      if (stored instanceof Map<?, ?> document) {
        return HttpDocuments.decode(key, document);
      }
      HttpCacheStorageEntry entry = SERIALIZER.deserialize((byte[]) stored);
      if (!key.equals(entry.getKey())) {
        LOG.warn("Cache entry {} holds the entry of key {}; treating it as corrupt", key,
            entry.getKey());
        return null;
      }
      return entry.getContent();
    } catch (ResourceIOException | RuntimeException e) {
      LOG.warn("Cache entry {} cannot be decoded ({}); treating it as a miss", key, e.toString());
      return null;
    }
  }

  /**
   * Returns what is stored for {@code entry}: its document (with the time it expires, if
   * {@code ttl} is not null) or its bytes.
   */
  private Object encode(String key, HttpCacheEntry entry, Instant now, Duration ttl)
      throws ResourceIOException {
    return documents ? HttpDocuments.encode(key, entry, now, ttl == null ? null : now.plus(ttl))
        : encode(key, entry);
  }

  static byte[] encode(String key, HttpCacheEntry entry) throws ResourceIOException {
    return SERIALIZER.serialize(new HttpCacheStorageEntry(key, entry));
  }

  private static ResourceIOException failure(String what, String key, RuntimeException e) {
    return new ResourceIOException("Cannot " + what + " cache entry " + key + ": " + e, e);
  }
}
