package io.jcachestores.cli;

import org.apache.hc.client5.http.cache.CacheResponseStatus;

/** The cache outcome of a request, as the CLI names it. */
enum Outcome {
  /** Served from the cache. */
  HIT,
  /** Fetched from the origin. */
  MISS,
  /** Served from the cache after the origin confirmed it (304). */
  VALIDATED,
  /** Answered by the cache module itself (stale content on an origin error, only-if-cached). */
  CACHE,
  /** The cache failed; fetched from the origin. */
  FAILURE;

  static Outcome of(CacheResponseStatus status) {
    return switch (status) {
      case CACHE_HIT -> HIT;
      case CACHE_MISS -> MISS;
      case VALIDATED -> VALIDATED;
      case CACHE_MODULE_RESPONSE -> CACHE;
      case FAILURE -> FAILURE;
    };
  }
}
