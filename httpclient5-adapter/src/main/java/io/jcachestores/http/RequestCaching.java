package io.jcachestores.http;

import java.time.Duration;
import java.util.Objects;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.cache.RequestCacheControl;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * How the cache treats one request: requests-cache's per-request options for the clients of a
 * {@link JCacheHttpCaching}. Pass {@link #context()} (or a context given to {@link #applyTo})
 * to {@code execute}:
 *
 * <pre>{@code
 * client.execute(get, RequestCaching.onlyIfCached().context(), handler);     // offline
 * client.execute(get, RequestCaching.normal().expireAfter(Duration.ofHours(1)).context(), handler);
 * }</pre>
 *
 * <p>Each mode is also set as the context's {@link RequestCacheControl}, httpclient5-cache's own
 * per-request mechanism, so it works on hand-built caching clients too (per-request expiry
 * needs the builder's clients). On the builder's clients it is combined with any
 * {@code Cache-Control} header of the request and the directives the builder's rules add
 * ({@code neverCache}, {@code staleIfError}): none of them is dropped.
 *
 * <table>
 *   <caption>Modes</caption>
 *   <tr><th>method</th><th>does</th><th>requests-cache</th></tr>
 *   <tr><td>{@link #normal()}</td><td>the cache's usual rules</td><td></td></tr>
 *   <tr><td>{@link #onlyIfCached()}</td><td>serves a fresh stored response, else answers
 *       {@code 504} ({@link CacheOutcome#CACHE_ONLY_MISS}) without contacting the origin</td>
 *       <td>only_if_cached</td></tr>
 *   <tr><td>{@link #revalidate()}</td><td>asks the origin whether the stored response is still
 *       valid ({@code 304}: {@link CacheOutcome#VALIDATED}) even if it is fresh</td>
 *       <td>refresh</td></tr>
 *   <tr><td>{@link #forceRefresh()}</td><td>fetches anew from the origin, without validators, and
 *       stores the new response</td><td>force_refresh</td></tr>
 *   <tr><td>{@link #bypass()}</td><td>neither reads nor writes the cache</td>
 *       <td>cache_disabled()</td></tr>
 *   <tr><td>{@link #expireAfter(Duration)}</td><td>the freshness to give the response this
 *       request stores, instead of the builder's {@code expireAfter} rules (applied the way
 *       {@link JCacheHttpCaching.Builder#cacheControl(boolean)} says)</td>
 *       <td>expire_after</td></tr>
 * </table>
 *
 * <p>Immutable.
 */
public final class RequestCaching {

  /** The context attribute holding the options of a request. */
  static final String ATTRIBUTE = "io.jcachestores.http.request-caching";

  enum Mode { NORMAL, ONLY_IF_CACHED, REVALIDATE, FORCE_REFRESH, BYPASS }

  private static final RequestCaching NORMAL = new RequestCaching(Mode.NORMAL, null);

  private final Mode mode;
  private final Duration expireAfter;

  private RequestCaching(Mode mode, Duration expireAfter) {
    this.mode = mode;
    this.expireAfter = expireAfter;
  }

  /** The cache's usual rules. */
  public static RequestCaching normal() {
    return NORMAL;
  }

  /** Only the cache: a fresh stored response, else a {@code 504}; never the origin. */
  public static RequestCaching onlyIfCached() {
    return new RequestCaching(Mode.ONLY_IF_CACHED, null);
  }

  /** Revalidates the stored response with the origin even if it is fresh. */
  public static RequestCaching revalidate() {
    return new RequestCaching(Mode.REVALIDATE, null);
  }

  /** Fetches a new response from the origin, unconditionally, and stores it. */
  public static RequestCaching forceRefresh() {
    return new RequestCaching(Mode.FORCE_REFRESH, null);
  }

  /** Neither reads nor writes the cache. */
  public static RequestCaching bypass() {
    return new RequestCaching(Mode.BYPASS, null);
  }

  /**
   * Returns these options, the response stored by the request getting {@code expiry} as its
   * freshness lifetime ({@link Duration#ZERO}, or under a second: stored, but revalidated on
   * every use, as with {@code no-cache}).
   *
   * @throws IllegalArgumentException if expiry is negative
   */
  public RequestCaching expireAfter(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("expireAfter is negative: " + expiry);
    }
    return new RequestCaching(mode, expiry);
  }

  /** Returns a new context carrying these options. */
  public HttpCacheContext context() {
    HttpCacheContext context = HttpCacheContext.create();
    applyTo(context);
    return context;
  }

  /**
   * Sets these options on {@code context} (for a context that also carries credentials,
   * cookies...), replacing any set before, and returns it.
   */
  public <C extends HttpClientContext> C applyTo(C context) {
    context.setAttribute(ATTRIBUTE, this);
    HttpCacheContext.cast(context).setRequestCacheControl(cacheControl());
    return context;
  }

  /** Returns the options set on {@code context}, or {@link #normal()}. */
  static RequestCaching in(HttpContext context) {
    return context.getAttribute(ATTRIBUTE) instanceof RequestCaching r ? r : NORMAL;
  }

  Mode mode() {
    return mode;
  }

  /** Returns the per-request expiry, or null if the builder's rules apply. */
  Duration expiry() {
    return expireAfter;
  }

  /** Returns the request directives that make httpclient5-cache act in this mode. */
  RequestCacheControl cacheControl() {
    RequestCacheControl.Builder b = RequestCacheControl.builder();
    switch (mode) {
      case ONLY_IF_CACHED -> b.setOnlyIfCached(true);
      // max-age=0 is the standard directive; httpclient5-cache (5.6) compares the age with it
      // in whole seconds, so min-fresh=0 makes it revalidate a response younger than a second
      case REVALIDATE -> b.setMaxAge(0).setMinFresh(0);
      // httpclient5-cache answers a no-cache request from the origin, unconditionally, and
      // stores the new response
      case FORCE_REFRESH -> b.setNoCache(true);
      case BYPASS -> b.setNoStore(true);
      case NORMAL -> { }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return mode.name().toLowerCase(java.util.Locale.ROOT)
        + (expireAfter == null ? "" : " expireAfter " + expireAfter);
  }
}
