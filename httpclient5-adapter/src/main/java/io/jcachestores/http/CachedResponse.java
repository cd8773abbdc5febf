package io.jcachestores.http;

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
 */
public record CachedResponse(String key, String method, String url, int status,
    Instant storedAt, Instant expiresAt, long size, int variants) {

  /** Returns whether the response is stale at {@code now}. */
  public boolean isStaleAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
