package io.jcachestores.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.cache.RequestCacheControl;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.MessageSupport;

/**
 * The request's cache directives, from all their sources in one header. httpclient5-cache
 * reads a request's {@code Cache-Control} header, and only when there is none the context's
 * {@link RequestCacheControl}: so the directives of the request's own header, of the context
 * ({@link RequestCaching}) and of the builder's rules are merged here, the strictest of each
 * kept, and written as the request's single {@code Cache-Control} header. Directives it does not
 * know are kept as they were. {@code only-if-cached} drops {@code no-store}: httpclient5-cache
 * sends a {@code no-store} request to the origin, which {@code only-if-cached} forbids (and a
 * request that is not sent stores nothing).
 */
final class RequestDirectives {

  private RequestDirectives() {}

  /**
   * Rewrites the {@code Cache-Control} of {@code request} to hold its own directives merged with
   * {@code fromContext} and {@code fromRules} (either may be null); returns the merged directives.
   */
  static RequestCacheControl mergeInto(HttpRequest request, RequestCacheControl fromContext,
      RequestCacheControl fromRules) {
    List<String> unknown = new ArrayList<>();
    RequestCacheControl own = parse(request, unknown);
    RequestCacheControl merged = merge(merge(own, fromContext), fromRules);
    if (merged.isOnlyIfCached() && merged.isNoStore()) {
      merged = merge(merged, RequestCacheControl.DEFAULT, false);
    }
    request.removeHeaders(HttpHeaders.CACHE_CONTROL);
    String value = format(merged, unknown);
    if (!value.isEmpty()) {
      request.addHeader(HttpHeaders.CACHE_CONTROL, value);
    }
    return merged;
  }

  /** Parses the request's directives, adding those it does not know to {@code unknown}. */
  static RequestCacheControl parse(HttpRequest request, List<String> unknown) {
    RequestCacheControl.Builder b = RequestCacheControl.builder();
    MessageSupport.parseElements(request, HttpHeaders.CACHE_CONTROL, e -> {
      String value = e.getValue();
      switch (e.getName().toLowerCase(Locale.ROOT)) {
        case "max-age" -> b.setMaxAge(seconds(value));
        case "max-stale" -> b.setMaxStale(value == null ? Long.MAX_VALUE : seconds(value));
        case "min-fresh" -> b.setMinFresh(seconds(value));
        case "no-cache" -> b.setNoCache(true);
        case "no-store" -> b.setNoStore(true);
        case "only-if-cached" -> b.setOnlyIfCached(true);
        case "stale-if-error" -> b.setStaleIfError(seconds(value));
        default -> unknown.add(value == null ? e.getName() : e.getName() + "=" + quoted(value));
      }
    });
    return b.build();
  }

  /** Returns the strictest combination of {@code a} and {@code b} (b may be null). */
  static RequestCacheControl merge(RequestCacheControl a, RequestCacheControl b) {
    return b == null ? a : merge(a, b, a.isNoStore() || b.isNoStore());
  }

  private static RequestCacheControl merge(RequestCacheControl a, RequestCacheControl b,
      boolean noStore) {
    return RequestCacheControl.builder()
        .setMaxAge(min(a.getMaxAge(), b.getMaxAge()))
        .setMaxStale(min(a.getMaxStale(), b.getMaxStale()))
        .setMinFresh(Math.max(a.getMinFresh(), b.getMinFresh()))
        .setNoCache(a.isNoCache() || b.isNoCache())
        .setNoStore(noStore)
        .setOnlyIfCached(a.isOnlyIfCached() || b.isOnlyIfCached())
        .setStaleIfError(a.getStaleIfError() >= 0 ? a.getStaleIfError() : b.getStaleIfError())
        .build();
  }

  /** Returns the directives as a header value (empty if there are none). */
  static String format(RequestCacheControl c, List<String> extra) {
    List<String> parts = new ArrayList<>();
    if (c.getMaxAge() >= 0) {
      parts.add("max-age=" + c.getMaxAge());
    }
    if (c.getMaxStale() == Long.MAX_VALUE) {
      parts.add("max-stale");
    } else if (c.getMaxStale() >= 0) {
      parts.add("max-stale=" + c.getMaxStale());
    }
    if (c.getMinFresh() >= 0) {
      parts.add("min-fresh=" + c.getMinFresh());
    }
    if (c.isNoCache()) {
      parts.add("no-cache");
    }
    if (c.isNoStore()) {
      parts.add("no-store");
    }
    if (c.isOnlyIfCached()) {
      parts.add("only-if-cached");
    }
    if (c.getStaleIfError() >= 0) {
      parts.add("stale-if-error=" + c.getStaleIfError());
    }
    parts.addAll(extra);
    return String.join(", ", parts);
  }

  /** Returns {@code value} as a directive value: a token as is, else a quoted string. */
  static String quoted(String value) {
    return value.chars().allMatch(c -> c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)
        ? value : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Returns the smaller of two values where -1 means "absent". */
  private static long min(long a, long b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /** Returns a directive's value in seconds; -1 if it is absent or not a number. */
  static long seconds(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
