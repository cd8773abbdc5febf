package io.jcachestores.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.hc.client5.http.cache.RequestCacheControl;
import org.apache.hc.client5.http.impl.cache.CacheKeyGenerator;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.support.AbstractRequestBuilder;
import org.apache.hc.core5.http.support.BasicRequestBuilder;

/**
 * The client-side caching options, applied to requests and responses around httpclient5-cache's
 * caching stage: before it, so that the cache sees the request as it should be keyed and stored;
 * after it, on what goes to and comes back from the origin.
 *
 * <ul>
 *   <li>ignored query parameters and headers are taken out of the request before the cache (so
 *       they neither split the cache key nor get stored) and put back on the request sent to the
 *       origin;
 *   <li>URLs that must never be cached get a {@code no-store} request directive (the cache
 *       neither serves nor stores them), and their responses {@code no-store};
 *   <li>a {@code stale-if-error} request directive lets the cache serve stale content when the
 *       origin fails;
 *   <li>a response gets {@code Cache-Control: max-age} (or {@code no-cache} for an expiry under a
 *       second) from the per-request expiry, else the first matching URL rule, else the default
 *       expiry: only when it has no explicit freshness ({@code max-age}, {@code s-maxage},
 *       {@code Expires}) if the origin's headers are honoured, else replacing its freshness;
 *   <li>a response whose status is not allowed, or that the filter refuses, gets
 *       {@code no-store};
 *   <li>a stored response gets the default {@code stale-while-revalidate} unless it has its
 *       own, and {@code Vary} on the matched request headers;
 *   <li>an invalid {@code Expires} becomes a date in the past (RFC 9111 section 5.3: "already
 *       expired"); a valid one in an obsolete form becomes an IMF-fixdate.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class CacheRules {

  /** One {@code urls_expire_after} rule: a pattern and its expiry, null meaning never cache. */
  record UrlRule(UrlPattern pattern, Duration expireAfter) {}

  /** What was taken out of a request before the cache, to put back for the origin. */
  record Redaction(String strippedPath, String originalPath, List<Header> removedHeaders) {
    boolean appliesTo(HttpRequest request) {
      return strippedPath.equals(request.getPath());
    }
  }

  /**
   * The options of a {@link JCacheHttpCaching.Builder}.
   *
   * @param defaultExpiry the expiry of responses no URL rule matches, or null
   * @param cacheControl whether the origin's freshness wins over the expiry rules
   * @param allowedStatuses the status codes stored; empty: all that httpclient5-cache stores
   * @param staleIfError the {@code stale-if-error} request directive, or null
   * @param staleWhileRevalidate the default {@code stale-while-revalidate}, or null
   * @param filter whether a response may be stored
   * @param matchHeaders request headers added to the key (through {@code Vary})
   * @param allowedMethods the methods whose responses are cached (GET and HEAD, maybe POST)
   * @param maxBodySize the longest POST body read to key the POST by it
   */
  record Options(Set<String> ignoredParameters, Set<String> ignoredHeaders,
      List<UrlRule> urlRules, Duration defaultExpiry, boolean cacheControl,
      Set<Integer> allowedStatuses, Duration staleIfError, Duration staleWhileRevalidate,
      Predicate<HttpResponse> filter, Set<String> matchHeaders, Set<String> allowedMethods,
      int maxBodySize) {
    Options {
      ignoredParameters = Set.copyOf(ignoredParameters);
      TreeSet<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      headers.addAll(ignoredHeaders);
      ignoredHeaders = Collections.unmodifiableSet(headers);
      urlRules = List.copyOf(urlRules);
      allowedStatuses = Set.copyOf(allowedStatuses);
      matchHeaders = Collections.unmodifiableSet(new LinkedHashSet<>(matchHeaders));
      allowedMethods = Set.copyOf(allowedMethods);
    }
  }

  /** The response directives the expiry rules replace when the origin's headers do not win. */
  private static final Set<String> FRESHNESS = Set.of("max-age", "s-maxage", "no-cache");

  private final Options options;

  CacheRules(Options options) {
    this.options = options;
  }

  /**
   * Returns what must be taken out of {@code request} before the cache, or null if nothing;
   * does not change the request.
   */
  Redaction redactionOf(HttpRequest request) {
    String original = request.getPath();
    String stripped = stripParameters(original);
    List<Header> removed = new ArrayList<>();
    for (Header h : request.getHeaders()) {
      if (options.ignoredHeaders().contains(h.getName())) {
        removed.add(h);
      }
    }
    return stripped.equals(original) && removed.isEmpty() ? null
        : new Redaction(stripped, original, removed);
  }

  /**
   * Removes the ignored parameters and headers from {@code request}, in place. Returns what was
   * removed, or null if nothing was.
   */
  Redaction redact(HttpRequest request) {
    Redaction redaction = redactionOf(request);
    if (redaction != null) {
      redaction.removedHeaders().forEach(request::removeHeader);
      request.setPath(redaction.strippedPath());
    }
    return redaction;
  }

  /**
   * Returns the request directives the rules add to {@code request}: {@code no-store} for a
   * URL never cached, and the builder's {@code stale-if-error}.
   */
  RequestCacheControl directives(HttpRequest request) {
    return RequestCacheControl.builder()
        .setNoStore(isNeverCached(ruleFor(url(request))))
        .setStaleIfError(options.staleIfError() == null ? -1 : options.staleIfError().toSeconds())
        .build();
  }

  /**
   * Returns the request to send to the origin: a copy of {@code request} with what
   * {@code redaction} removed put back, or {@code request} itself if there is nothing to restore.
   */
  HttpRequest forOrigin(HttpRequest request, Redaction redaction) {
    boolean restore = redaction != null && redaction.appliesTo(request);
    String path = restore ? redaction.originalPath() : request.getPath();
    int digest = bodyDigestAt(request, path);
    if (!restore && digest < 0) {
      return request;
    }
    BasicRequestBuilder copy = digest > 0 // a POST keyed by its body: sent as it came
        ? like(request, BasicRequestBuilder.post()).setPath(path.substring(0, digest - 1))
        : BasicRequestBuilder.copy(request).setPath(path);
    if (restore) {
      redaction.removedHeaders().forEach(copy::addHeader);
    }
    return copy.build();
  }

  /**
   * Returns where the digest parameter of a POST keyed by its body ({@link #keyedByBody}) starts
   * in {@code path}, the path of {@code request} (a GET as the cache sees it), or -1 if it is not
   * such a request: a user's own GET with that parameter stays a GET when POST is not cached.
   */
  private int bodyDigestAt(HttpRequest request, String path) {
    if (!options.allowedMethods().contains("POST") || !Method.GET.isSame(request.getMethod())) {
      return -1;
    }
    int at = path.lastIndexOf(BodyKey.PARAMETER + "=");
    return at > 0 && (path.charAt(at - 1) == '?' || path.charAt(at - 1) == '&') ? at : -1;
  }

  /**
   * Adjusts a response from the origin to {@code request} (as the cache sees it), made with
   * {@code caching}, in place.
   */
  void fromOrigin(HttpRequest request, HttpResponse response, RequestCaching caching) {
    normalizeExpires(response);
    UrlRule rule = ruleFor(url(request));
    boolean update = response.getCode() == HttpStatus.SC_NOT_MODIFIED; // of a stored response
    if (caching.mode() == RequestCaching.Mode.BYPASS || isNeverCached(rule)
        || !update && !options.allowedStatuses().isEmpty()
            && !options.allowedStatuses().contains(response.getCode())
        || !update && !options.filter().test(response)) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL, "no-store"));
      return;
    }
    Duration expiry = caching.expiry() != null ? caching.expiry()
        : rule != null ? rule.expireAfter() : options.defaultExpiry();
    if (expiry != null && !options.cacheControl()) {
      removeFreshness(response);
    }
    if (expiry != null && !EntryLifetime.hasExplicitFreshness(response)) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL, freshness(expiry)));
    }
    if (options.staleWhileRevalidate() != null
        && directive(response, "stale-while-revalidate") == null) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL,
          "stale-while-revalidate=" + options.staleWhileRevalidate().toSeconds()));
    }
    addVary(response);
  }

  /**
   * Returns the key identical requests share: the method, the cache's key of the request as the
   * cache sees it and the values of the matched headers.
   */
  String collapseKey(HttpHost target, HttpRequest request) {
    HttpHost host = request.getAuthority() == null ? target
        : new HttpHost(request.getScheme(), request.getAuthority());
    return request.getMethod() + " "
        + CacheKeyGenerator.INSTANCE.generateVariantKey(request, options.matchHeaders())
        + CacheKeyGenerator.INSTANCE.generateKey(host, request);
  }

  /**
   * Returns the response directive giving a response {@code expiry}: {@code max-age}, or for
   * less than a second {@code no-cache}, which httpclient5-cache stores (it does not store a
   * {@code max-age=0} response) but revalidates before every use.
   */
  private static String freshness(Duration expiry) {
    return expiry.toSeconds() == 0 ? "no-cache" : "max-age=" + expiry.toSeconds();
  }

  /** Returns the first URL rule matching {@code url}, or null if none does. */
  private UrlRule ruleFor(String url) {
    for (UrlRule rule : options.urlRules()) {
      if (rule.pattern().matches(url)) {
        return rule;
      }
    }
    return null;
  }

  /** Returns whether {@code rule} (the first matching rule, or null) says never cache. */
  private static boolean isNeverCached(UrlRule rule) {
    return rule != null && rule.expireAfter() == null;
  }

  /**
   * Returns the {@code Cache-Control} directive {@code name} of a response or a stored entry
   * (its value, or "" if it has none), or null.
   */
  static String directive(MessageHeaders response, String name) {
    String[] found = {null};
    MessageSupport.parseElements(response, HttpHeaders.CACHE_CONTROL, e -> {
      if (found[0] == null && e.getName().equalsIgnoreCase(name)) {
        found[0] = e.getValue() == null ? "" : e.getValue();
      }
    });
    return found[0];
  }

  /** Removes {@code Expires} and the freshness directives of {@code Cache-Control}. */
  private static void removeFreshness(HttpResponse response) {
    response.removeHeaders(HttpHeaders.EXPIRES);
    List<String> kept = new ArrayList<>();
    MessageSupport.parseElements(response, HttpHeaders.CACHE_CONTROL, e -> {
      if (!FRESHNESS.contains(e.getName().toLowerCase(Locale.ROOT))) {
        kept.add(e.getValue() == null ? e.getName()
            : e.getName() + "=" + RequestDirectives.quoted(e.getValue()));
      }
    });
    response.removeHeaders(HttpHeaders.CACHE_CONTROL);
    if (!kept.isEmpty()) {
      response.addHeader(HttpHeaders.CACHE_CONTROL, String.join(", ", kept));
    }
  }

  /**
   * Makes a single {@code Expires} that is not a valid HTTP date mean "already expired", and
   * writes a valid one as an IMF-fixdate (which httpclient5-cache reads in every form).
   */
  private static void normalizeExpires(HttpResponse response) {
    if (response.countHeaders(HttpHeaders.EXPIRES) != 1) {
      return; // none, or several: httpclient5-cache does not store the response
    }
    Instant expires = HttpDates.parse(response.getFirstHeader(HttpHeaders.EXPIRES).getValue());
    response.setHeader(HttpHeaders.EXPIRES,
        expires == null ? HttpDates.EXPIRED : HttpDates.format(expires));
  }

  /** Adds the matched request headers to the response's {@code Vary}. */
  private void addVary(HttpResponse response) {
    if (options.matchHeaders().isEmpty()) {
      return;
    }
    Set<String> vary = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    MessageSupport.parseTokens(response, HttpHeaders.VARY, vary::add);
    List<String> missing = options.matchHeaders().stream().filter(h -> !vary.contains(h)).toList();
    if (!missing.isEmpty()) {
      response.addHeader(HttpHeaders.VARY, String.join(", ", missing));
    }
  }

  /** Removes the ignored parameters from a request path ({@code /p?a=1&b=2}). */
  String stripParameters(String path) {
    int q = path.indexOf('?');
    if (q < 0 || options.ignoredParameters().isEmpty()) {
      return path;
    }
    int hash = path.indexOf('#', q);
    String query = withoutParameters(hash < 0 ? path.substring(q + 1) : path.substring(q + 1, hash),
        options.ignoredParameters(), StandardCharsets.UTF_8);
    return path.substring(0, q) + (query.isEmpty() ? "" : "?" + query);
  }

  /** Returns {@code form} ({@code a=1&b=2}) without the parameters named {@code ignored}. */
  static String withoutParameters(String form, Set<String> ignored, Charset charset) {
    StringBuilder kept = new StringBuilder();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
      if (!pair.isEmpty() && !ignored.contains(name)) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return kept.toString();
  }

  /**
   * Returns whether responses to {@code request} are cached by its body: a POST, when
   * {@link JCacheHttpCaching.Builder#allowedMethods} allows it.
   */
  boolean isKeyedByBody(HttpRequest request) {
    return Method.POST.isSame(request.getMethod()) && options.allowedMethods().contains("POST");
  }

  /**
   * Returns the request the cache sees for a POST keyed by its body: a GET of its URL with the
   * digest of its body ({@link BodyKey}) as one more query parameter; or {@code request} itself,
   * sent uncached, if its body is longer than {@link Options#maxBodySize}. Buffers a body that
   * is not repeatable on {@code request} too, so that a retry can send it again.
   */
  ClassicHttpRequest keyedByBody(ClassicHttpRequest request) throws IOException {
    HttpEntity entity = request.getEntity();
    if (entity == null) {
      return like(request, ClassicRequestBuilder.get())
          .setPath(keyedPath(request, new byte[0], null)).build();
    }
    if (entity.getContentLength() > options.maxBodySize()) {
      return request;
    }
    ContentType type = ContentType.parseLenient(entity.getContentType());
    InputStream content = entity.getContent();
    byte[] body = content.readNBytes(options.maxBodySize() + 1);
    if (entity.isRepeatable()) {
      content.close();
    } else {
      request.setEntity(body.length > options.maxBodySize() // the rest still to be read
          ? new InputStreamEntity(new SequenceInputStream(new ByteArrayInputStream(body), content),
              -1, type, entity.getContentEncoding())
          : new ByteArrayEntity(body, type, entity.getContentEncoding()));
    }
    if (body.length > options.maxBodySize()) {
      return request;
    }
    return like(request, ClassicRequestBuilder.get()).setEntity(request.getEntity())
        .setPath(keyedPath(request, body, type)).build();
  }

  /**
   * Returns the request the cache sees for an async POST keyed by its body, as
   * {@link #keyedByBody(ClassicHttpRequest)} does; or {@code request} itself, sent uncached, if
   * its body cannot be read ahead ({@link BodyReadAhead}). The producer is left as it came.
   */
  HttpRequest keyedByBody(HttpRequest request, AsyncEntityProducer producer) throws IOException {
    byte[] body = BodyReadAhead.read(producer, options.maxBodySize());
    if (body == null) {
      return request;
    }
    ContentType type = producer == null ? null
        : ContentType.parseLenient(producer.getContentType());
    return like(request, BasicRequestBuilder.get()).setPath(keyedPath(request, body, type))
        .build();
  }

  /** Returns the path of {@code request} with the digest of {@code body} as a parameter. */
  private String keyedPath(HttpRequest request, byte[] body, ContentType type) {
    String path = request.getPath();
    return path + (path.indexOf('?') < 0 ? "?" : "&") + BodyKey.PARAMETER + "="
        + BodyKey.digest(body, type, options.ignoredParameters());
  }

  /** Returns {@code builder} set up as a copy of {@code request} but for its method. */
  static <B extends AbstractRequestBuilder<?>> B like(HttpRequest request, B builder) {
    builder.setVersion(request.getVersion()).setScheme(request.getScheme())
        .setAuthority(request.getAuthority()).setPath(request.getPath())
        .setHeaders(request.getHeaders());
    return builder;
  }

  /** Returns the absolute URL of {@code request}, or only its path if that fails. */
  private static String url(HttpRequest request) {
    String path = request.getPath();
    try {
      String authority = request.getAuthority() == null ? "" : request.getAuthority().toString();
      String scheme = request.getScheme() == null ? "http" : request.getScheme();
      return scheme + "://" + authority + path;
    } catch (RuntimeException e) {
      return path;
    }
  }

  /** Returns the options as text, for logs. */
  @Override
  public String toString() {
    return options.toString();
  }
}
