package io.jcachestores.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.message.MessageSupport;

/**
 * How long a cached HTTP response stays fresh, and so how long its stored bytes should live.
 *
 * <p>The freshness lifetime follows RFC 9111 section 4.2.1 with the same settings as
 * httpclient5-cache: {@code s-maxage} (for a shared cache), then {@code max-age}, then
 * {@code Expires} minus {@code Date}, then, when heuristic caching is enabled, a fraction of the
 * time since {@code Last-Modified} or the default heuristic lifetime. The stored entry lives for
 * its remaining freshness plus a grace period, so that a stale response can still be revalidated
 * with {@code ETag} / {@code Last-Modified} (or served when the origin fails) before the store
 * drops it by itself.
 */
public final class EntryLifetime {

  /** The default grace period: one day. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(1);

  private final boolean sharedCache;
  private final boolean heuristicCaching;
  private final float heuristicCoefficient;
  private final Duration heuristicDefaultLifetime;
  private final Duration gracePeriod;

  private EntryLifetime(CacheConfig config, Duration gracePeriod) {
    this.sharedCache = config.isSharedCache();
    this.heuristicCaching = config.isHeuristicCachingEnabled();
    this.heuristicCoefficient = config.getHeuristicCoefficient();
    this.heuristicDefaultLifetime = Duration.ofMillis(
        config.getHeuristicDefaultLifetime().toMilliseconds());
    this.gracePeriod = gracePeriod;
  }

  /**
   * Returns the lifetime rules of a cache configured with {@code config}, keeping entries
   * {@code gracePeriod} after they become stale.
   *
   * @throws IllegalArgumentException if gracePeriod is negative
   */
  public static EntryLifetime of(CacheConfig config, Duration gracePeriod) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod is negative: " + gracePeriod);
    }
    return new EntryLifetime(config, gracePeriod);
  }

  /** Returns the rules of httpclient5-cache's default configuration with the default grace. */
  public static EntryLifetime defaults() {
    return of(CacheConfig.DEFAULT, DEFAULT_GRACE_PERIOD);
  }

  /** Returns the freshness lifetime of {@code entry}; zero if it has none. */
  public Duration freshnessLifetime(HttpCacheEntry entry) {
    long[] maxAge = {-1};
    long[] sharedMaxAge = {-1};
    freshnessDirectives(entry, (name, value) -> {
      if (name.equals("max-age")) {
        maxAge[0] = seconds(value);
      } else {
        sharedMaxAge[0] = seconds(value);
      }
    });
    if (sharedCache && sharedMaxAge[0] >= 0) {
      return Duration.ofSeconds(sharedMaxAge[0]);
    }
    if (maxAge[0] >= 0) {
      return Duration.ofSeconds(maxAge[0]);
    }
    Instant date = entry.getInstant();
    if (date != null && entry.getFirstHeader(HttpHeaders.EXPIRES) != null) {
      Instant expires = entry.getExpires();
      Duration d = expires == null ? Duration.ZERO : Duration.between(date, expires);
      return d.isNegative() ? Duration.ZERO : d;
    }
    if (!heuristicCaching) {
      return Duration.ZERO;
    }
    Instant lastModified = entry.getLastModified();
    if (date != null && lastModified != null) {
      Duration since = Duration.between(lastModified, date);
      return since.isNegative() ? Duration.ZERO
          : Duration.ofSeconds((long) (heuristicCoefficient * since.getSeconds()));
    }
    return heuristicDefaultLifetime;
  }

  /** Returns the age of {@code entry} at {@code now} (RFC 9111 section 4.2.3). */
  public Duration currentAge(HttpCacheEntry entry, Instant now) {
    Instant responded = entry.getResponseInstant();
    Instant date = entry.getInstant();
    Duration apparent = date == null ? Duration.ZERO : positive(Duration.between(date, responded));
    Duration delay = positive(Duration.between(entry.getRequestInstant(), responded));
    Duration corrected = Duration.ofSeconds(ageHeader(entry)).plus(delay);
    Duration initial = apparent.compareTo(corrected) > 0 ? apparent : corrected;
    return initial.plus(positive(Duration.between(responded, now)));
  }

  /** Returns the instant {@code entry} becomes stale. */
  public Instant freshUntil(HttpCacheEntry entry) {
    Instant responded = entry.getResponseInstant();
    return responded.plus(freshnessLifetime(entry)).minus(currentAge(entry, responded));
  }

  /** Returns how long {@code entry}, stored at {@code now}, should live: freshness plus grace. */
  public Duration timeToLive(HttpCacheEntry entry, Instant now) {
    return positive(Duration.between(now, freshUntil(entry))).plus(gracePeriod);
  }

  /**
   * Returns whether a response states its freshness itself ({@code Expires}, {@code max-age} or
   * {@code s-maxage}), so that no default expiry applies to it.
   */
  static boolean hasExplicitFreshness(MessageHeaders message) {
    if (message.containsHeader(HttpHeaders.EXPIRES)) {
      return true;
    }
    boolean[] found = {false};
    freshnessDirectives(message, (name, value) -> found[0] = true);
    return found[0];
  }

  /** Calls {@code directive} with each {@code max-age} / {@code s-maxage} of Cache-Control. */
  private static void freshnessDirectives(MessageHeaders message,
      BiConsumer<String, String> directive) {
    MessageSupport.parseElements(message, HttpHeaders.CACHE_CONTROL, e -> {
      String name = e.getName().toLowerCase(Locale.ROOT);
      if (name.equals("max-age") || name.equals("s-maxage")) {
        directive.accept(name, e.getValue());
      }
    });
  }

  private static long ageHeader(HttpCacheEntry entry) {
    Header age = entry.getFirstHeader(HttpHeaders.AGE);
    return age == null ? 0 : Math.max(0, seconds(age.getValue()));
  }

  private static long seconds(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
