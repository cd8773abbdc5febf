package io.jcachestores.http;

import java.time.Duration;
import java.time.Instant;

/**
 * One stored response, as {@link HttpCacheInspector} lists it.
 *
 * @param key the storage key (the normalized URL, prefixed with {@code {header=value}} for a
 *     variant of a response with {@code Vary})
 * @param method the request method
 * @param url the request URL, as stored (ignored parameters already removed)
 * @param status the response status code
 * @param storedAt when the response was received
 * @param expiresAt when the response becomes stale (it may stay stored for revalidation)
 * @param size the number of bytes stored
 * @param variants the number of variants when this is the root entry of a {@code Vary} response
 * @param noCache whether the response has {@code Cache-Control: no-cache}: never served without
 *     revalidation
 * @param staleWhileRevalidate how long after {@link #expiresAt} the response is still served
 *     while it is revalidated in the background (its {@code stale-while-revalidate}); zero if
 *     it is not
 * @param validator whether the response has a validator ({@code ETag} or
 *     {@code Last-Modified}), so that the origin can confirm it with a {@code 304}
 */
public record CachedResponse(String key, String method, String url, int status,
    Instant storedAt, Instant expiresAt, long size, int variants, boolean noCache,
    Duration staleWhileRevalidate, boolean validator) {

  /** Returns whether the response is stale at {@code now}. */
  public boolean isStaleAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Returns the {@link CacheOutcome} a request for this response with the usual rules
   * ({@link RequestCaching#normal()}, no request directives) gets at {@code now}, in the words
   * {@link HttpCacheStats} and the CLI use; what the cache does, not what the origin will say:
   *
   * <ul>
   *   <li>{@link CacheOutcome#HIT}: fresh, served without contacting the origin;
   *   <li>{@link CacheOutcome#STALE}: stale but within its {@code stale-while-revalidate}:
   *       served as is while refreshed in the background;
   *   <li>{@link CacheOutcome#VALIDATED}: stale (or {@code no-cache}) with a validator: the
   *       origin is asked, and confirms it with a {@code 304} ({@link CacheOutcome#REFRESHED}
   *       instead if it sends a full response);
   *   <li>{@link CacheOutcome#REFRESHED}: stale without a validator: fetched anew.
   * </ul>
   */
  public CacheOutcome outcomeAt(Instant now) {
    if (!noCache && !isStaleAt(now)) {
      return CacheOutcome.HIT;
    }
    if (!noCache && now.isBefore(expiresAt.plus(staleWhileRevalidate))) {
      return CacheOutcome.STALE;
    }
    return validator ? CacheOutcome.VALIDATED : CacheOutcome.REFRESHED;
  }
}
