package io.jcachestores.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import javax.cache.Cache;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.impl.cache.CacheKeyGenerator;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Lists and deletes the responses stored in one HTTP cache. Scans read the whole cache page by
 * page; an entry that cannot be decoded is skipped, and so are the short leases of requests in
 * flight (see {@link JCacheHttpCaching.Builder#collapseRequests}). Each scanning method has a
 * variant taking a {@link LongConsumer} told the number of entries scanned so far, for progress
 * reports. Each response listed tells what a request for it would get now in the words of
 * {@link CacheOutcome} ({@link CachedResponse#outcomeAt}); what requests did get is counted by
 * {@link JCacheHttpCaching#stats()} in the process that made them, not in the store.
 */
public final class HttpCacheInspector {

  private final Cache<String, ?> cache;
  private final EntryLifetime lifetime;

  /** Creates an inspector of {@code cache}, judging staleness with {@code lifetime}. */
  public HttpCacheInspector(Cache<String, ?> cache, EntryLifetime lifetime) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** Returns every stored response. */
  public List<CachedResponse> list() {
    List<CachedResponse> all = new ArrayList<>();
    forEach(all::add, n -> { });
    return all;
  }

  /** Passes every stored response to {@code action}, reporting progress to {@code scanned}. */
  public void forEach(Consumer<CachedResponse> action, LongConsumer scanned) {
    long n = 0;
    for (Cache.Entry<String, ?> e : cache) {
      CachedResponse r = describe(e.getKey(), e.getValue());
      if (r != null) {
        action.accept(r);
      }
      scanned.accept(++n);
    }
  }

  /**
   * Deletes the response to {@code url} and all its {@code Vary} variants.
   *
   * @return the number of entries deleted
   * @throws IllegalArgumentException if url is not an absolute URL
   */
  public int delete(String url) {
    String root = CacheKeyGenerator.INSTANCE.generateKey(CacheKeyGenerator.normalize(url));
    if (root == null) {
      throw new IllegalArgumentException("Not an absolute URL: " + url);
    }
    return deleteIf(key -> key.equals(root) || key.startsWith("{") && key.endsWith("}" + root),
        r -> true, n -> { });
  }

  /** Deletes every response whose URL matches {@code pattern}; returns how many. */
  public int deleteMatching(UrlPattern pattern, LongConsumer scanned) {
    return deleteIf(key -> true, r -> pattern.matches(r.url()), scanned);
  }

  /** Deletes every response that is stale now; returns how many. */
  public int deleteExpired(LongConsumer scanned) {
    return deleteIf(key -> true, r -> r.isStaleAt(Instant.now()), scanned);
  }

  /** Deletes every stored response. */
  public void clear() {
    cache.clear();
  }

  /**
   * Deletes every entry whose key passes {@code keyCondition} and that decodes to a response
   * passing {@code condition}; entries whose key does not pass are not decoded.
   */
  private int deleteIf(Predicate<String> keyCondition, Predicate<CachedResponse> condition,
      LongConsumer scanned) {
    int deleted = 0;
    long n = 0;
    for (Iterator<? extends Cache.Entry<String, ?>> it = cache.iterator(); it.hasNext(); ) {
      Cache.Entry<String, ?> e = it.next();
      if (keyCondition.test(e.getKey())) {
        CachedResponse r = describe(e.getKey(), e.getValue());
        if (r != null && condition.test(r)) {
          it.remove();
          deleted++;
        }
      }
      scanned.accept(++n);
    }
    return deleted;
  }

  /**
   * Returns the responses stored for {@code url}: the response itself, or for a response with
   * {@code Vary} each stored variant; empty if none is stored (or none can be decoded).
   *
   * @throws IllegalArgumentException if url is not an absolute URL
   */
  public List<StoredResponse> show(String url) {
    String root = CacheKeyGenerator.INSTANCE.generateKey(CacheKeyGenerator.normalize(url));
    if (root == null) {
      throw new IllegalArgumentException("Not an absolute URL: " + url);
    }
    List<StoredResponse> found = new ArrayList<>();
    HttpCacheEntry rootEntry = stored(root, found);
    if (rootEntry != null && rootEntry.hasVariants()) {
      for (String variant : rootEntry.getVariants()) {
        stored(variant, found);
      }
    }
    return found;
  }

  /** Adds the response stored under {@code key} to {@code found}, if any; returns its entry. */
  private HttpCacheEntry stored(String key, List<StoredResponse> found) {
    Object value = cache.get(key);
    HttpCacheEntry entry = value == null ? null : JCacheHttpCacheStorage.decode(key, value);
    if (entry != null && entry.getResource() != null) {
      found.add(StoredResponse.of(describe(key, value, entry), entry));
    }
    return entry;
  }

  private CachedResponse describe(String key, Object stored) {
    if (OriginLease.isLease(key)) {
      return null; // a request in flight, not a response
    }
    HttpCacheEntry entry = JCacheHttpCacheStorage.decode(key, stored);
    return entry == null ? null : describe(key, stored, entry);
  }

  private CachedResponse describe(String key, Object stored, HttpCacheEntry entry) {
    return new CachedResponse(key, entry.getRequestMethod(), entry.getRequestURI(),
        entry.getStatus(), entry.getResponseInstant(), lifetime.freshUntil(entry), StoredValues.storedSize(stored),
        entry.getVariants().size(), CacheRules.directive(entry, "no-cache") != null,
        Duration.ofSeconds(Math.max(0, RequestDirectives.seconds(
            CacheRules.directive(entry, "stale-while-revalidate")))),
        entry.containsHeader(HttpHeaders.ETAG) || entry.containsHeader(HttpHeaders.LAST_MODIFIED));
  }
}
