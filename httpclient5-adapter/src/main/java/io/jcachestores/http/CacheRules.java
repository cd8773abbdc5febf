package io.jcachestores.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.MessageSupport;
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
 *   <li>URLs that must never be cached get a {@code Cache-Control: no-store} request directive
 *       (the cache neither serves nor stores them);
 *   <li>a {@code stale-if-error} request directive lets the cache serve stale content when the
 *       origin fails;
 *   <li>a response without explicit freshness ({@code max-age}, {@code s-maxage},
 *       {@code Expires}) gets {@code Cache-Control: max-age} from the first matching URL rule or
 *       the default expiry; a response whose status is not allowed gets {@code no-store}.
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

  private final Set<String> ignoredParameters;
  private final Set<String> ignoredHeaders;
  private final List<UrlRule> urlRules;
  private final Duration defaultExpiry;
  private final Set<Integer> allowedStatuses;
  private final Duration staleIfError;

  CacheRules(Set<String> ignoredParameters, Set<String> ignoredHeaders, List<UrlRule> urlRules,
      Duration defaultExpiry, Set<Integer> allowedStatuses, Duration staleIfError) {
    this.ignoredParameters = Set.copyOf(ignoredParameters);
    TreeSet<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    headers.addAll(ignoredHeaders);
    this.ignoredHeaders = headers;
    this.urlRules = List.copyOf(urlRules);
    this.defaultExpiry = defaultExpiry;
    this.allowedStatuses = Set.copyOf(allowedStatuses);
    this.staleIfError = staleIfError;
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
      if (ignoredHeaders.contains(h.getName())) {
        removed.add(h);
      }
    }
    return stripped.equals(original) && removed.isEmpty() ? null
        : new Redaction(stripped, original, removed);
  }

  /**
   * Prepares {@code request} for the cache, in place: removes ignored parameters and headers,
   * adds the request directives. Returns what was removed, or null if nothing was.
   */
  Redaction beforeCache(HttpRequest request) {
    Redaction redaction = redactionOf(request);
    if (redaction != null) {
      redaction.removedHeaders().forEach(request::removeHeader);
      request.setPath(redaction.strippedPath());
    }
    if (isNeverCached(ruleFor(url(request)))) {
      request.addHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    if (staleIfError != null) {
      request.addHeader(HttpHeaders.CACHE_CONTROL, "stale-if-error=" + staleIfError.toSeconds());
    }
    return redaction;
  }

  /**
   * Returns the request to send to the origin: a copy of {@code request} with what
   * {@code redaction} removed put back, or {@code request} itself if there is nothing to restore.
   */
  HttpRequest forOrigin(HttpRequest request, Redaction redaction) {
    if (redaction == null || !redaction.appliesTo(request)) {
      return request;
    }
    BasicRequestBuilder copy = BasicRequestBuilder.copy(request).setPath(redaction.originalPath());
    redaction.removedHeaders().forEach(copy::addHeader);
    return copy.build();
  }

  /** Adjusts a response from the origin to {@code request} (as the cache sees it), in place. */
  void fromOrigin(HttpRequest request, HttpResponse response) {
    if (!allowedStatuses.isEmpty() && !allowedStatuses.contains(response.getCode())) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL, "no-store"));
      return;
    }
    UrlRule rule = ruleFor(url(request));
    if (isNeverCached(rule)) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL, "no-store"));
      return;
    }
    if (hasExplicitFreshness(response)) {
      return;
    }
    Duration expiry = rule == null ? defaultExpiry : rule.expireAfter();
    if (expiry != null) {
      response.addHeader(new BasicHeader(HttpHeaders.CACHE_CONTROL,
          "max-age=" + expiry.toSeconds()));
    }
  }

  /** Returns the first URL rule matching {@code url}, or null if none does. */
  private UrlRule ruleFor(String url) {
    for (UrlRule rule : urlRules) {
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

  private static boolean hasExplicitFreshness(HttpResponse response) {
    if (response.containsHeader(HttpHeaders.EXPIRES)) {
      return true;
    }
    boolean[] found = {false};
    MessageSupport.parseElements(response, HttpHeaders.CACHE_CONTROL, e -> {
      String name = e.getName().toLowerCase(Locale.ROOT);
      if (name.equals("max-age") || name.equals("s-maxage")) {
        found[0] = true;
      }
    });
    return found[0];
  }

  /** Removes the ignored parameters from a request path ({@code /p?a=1&b=2}). */
  String stripParameters(String path) {
    int q = path.indexOf('?');
    if (q < 0 || ignoredParameters.isEmpty()) {
      return path;
    }
    int hash = path.indexOf('#', q);
    String query = hash < 0 ? path.substring(q + 1) : path.substring(q + 1, hash);
    StringBuilder kept = new StringBuilder();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
          StandardCharsets.UTF_8);
      if (!pair.isEmpty() && !ignoredParameters.contains(name)) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return path.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
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
    return Map.of("ignoredParameters", ignoredParameters, "ignoredHeaders", ignoredHeaders,
        "urlRules", urlRules, "defaultExpiry", String.valueOf(defaultExpiry),
        "allowedStatuses", allowedStatuses, "staleIfError", String.valueOf(staleIfError))
        .toString();
  }

}
