package io.jcachestores.http;

import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * What the exec chain elements of this package know about one request, kept in its context:
 * set up by {@link BeforeCacheExec} before the caching stage, completed by {@link AfterCacheExec}
 * on the way to the origin. Confined to the request's execution.
 */
final class Exchange {

  private static final String ATTRIBUTE = "io.jcachestores.http.exchange";

  /** The per-request options. */
  final RequestCaching caching;
  /** Whether the request may only be answered from the cache. */
  final boolean onlyIfCached;
  /** What was taken out of the request before the cache, or null. */
  final CacheRules.Redaction redaction;
  /** The status of the last response the origin sent for this request; -1 if none. */
  int originStatus = -1;
  /** The key identical requests share, or null if the request is not collapsed. */
  String collapseKey;
  /** The flight this request leads, or null. */
  Collapser.Flight flight;
  /** The token of the lease this request holds in the store, or null. */
  byte[] leaseToken;
  /** Whether this request already waited for another process's lease. */
  boolean leaseWaited;

  Exchange(RequestCaching caching, boolean onlyIfCached, CacheRules.Redaction redaction) {
    this.caching = caching;
    this.onlyIfCached = onlyIfCached;
    this.redaction = redaction;
  }

  /** Returns the exchange kept in {@code context}, or null. */
  static Exchange in(HttpContext context) {
    return context.getAttribute(ATTRIBUTE) instanceof Exchange e ? e : null;
  }

  /** Keeps this exchange in {@code context}. */
  void keepIn(HttpContext context) {
    context.setAttribute(ATTRIBUTE, this);
  }
}
