package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.RequestCacheControl;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.HeapResource;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.HeaderGroup;
import org.junit.jupiter.api.Test;

/** Freshness arithmetic, URL patterns and parameter stripping. */
class RulesTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static HttpCacheEntry entry(String... headerPairs) {
    HeaderGroup h = new HeaderGroup();
    h.addHeader(new BasicHeader("Date", DateUtils.formatStandardDate(NOW)));
    for (int i = 0; i < headerPairs.length; i += 2) {
      h.addHeader(new BasicHeader(headerPairs[i], headerPairs[i + 1]));
    }
    return new HttpCacheEntry(NOW, NOW, "GET", "http://h:80/", new HeaderGroup(), 200, h,
        new HeapResource("x".getBytes(StandardCharsets.UTF_8)), Set.of());
  }

  private final EntryLifetime shared = EntryLifetime.of(CacheConfig.DEFAULT, Duration.ofMinutes(10));

  @Test
  void sharedMaxAgeWinsOverMaxAgeWhichWinsOverExpires() {
    String inAnHour = DateUtils.formatStandardDate(NOW.plusSeconds(3600));
    assertEquals(Duration.ofSeconds(30), shared.freshnessLifetime(
        entry("Cache-Control", "max-age=60, s-maxage=30", "Expires", inAnHour)));
    assertEquals(Duration.ofSeconds(60), shared.freshnessLifetime(
        entry("Cache-Control", "max-age=60", "Expires", inAnHour)));
    assertEquals(Duration.ofSeconds(3600), shared.freshnessLifetime(entry("Expires", inAnHour)));
    EntryLifetime privateCache = EntryLifetime.of(
        CacheConfig.custom().setSharedCache(false).build(), Duration.ZERO);
    assertEquals(Duration.ofSeconds(60), privateCache.freshnessLifetime(
        entry("Cache-Control", "max-age=60, s-maxage=30")));
  }

  @Test
  void heuristicsOnlyWhenEnabled() {
    HttpCacheEntry e = entry("Last-Modified", DateUtils.formatStandardDate(NOW.minusSeconds(1000)));
    assertEquals(Duration.ZERO, shared.freshnessLifetime(e));
    EntryLifetime heuristic = EntryLifetime.of(
        CacheConfig.custom().setHeuristicCachingEnabled(true).build(), Duration.ZERO);
    assertEquals(Duration.ofSeconds(100), heuristic.freshnessLifetime(e));
  }

  @Test
  void timeToLiveIsRemainingFreshnessPlusGrace() {
    assertEquals(Duration.ofSeconds(60 + 600),
        shared.timeToLive(entry("Cache-Control", "max-age=60"), NOW));
    assertEquals(Duration.ofSeconds(20 + 600),
        shared.timeToLive(entry("Cache-Control", "max-age=60", "Age", "40"), NOW));
    assertEquals(Duration.ofSeconds(600),
        shared.timeToLive(entry("Cache-Control", "max-age=60", "Age", "90"), NOW));
    assertFalse(shared.freshUntil(entry("Cache-Control", "no-cache")).isAfter(NOW),
        "stale at once");
  }

  @Test
  void urlPatternsAreGlobsOnTheUrlWithoutSchemeMatchingAPrefix() {
    UrlPattern api = UrlPattern.of("api.example.com/users");
    assertTrue(api.matches("https://api.example.com/users/42?x=1"));
    assertTrue(api.matches("https://API.example.com:443/users"));
    assertFalse(api.matches("https://api.example.com/items"));
    UrlPattern png = UrlPattern.of("*.example.com/static/*.png");
    assertTrue(png.matches("http://cdn.example.com/static/a/b.png"));
    assertFalse(png.matches("http://example.org/static/b.png"));
    assertTrue(UrlPattern.of("https://api.example.com").matches("http://api.example.com/x"));
  }

  @Test
  void ignoredParametersAreStrippedKeepingTheOthersInOrder() {
    CacheRules rules = rules(Set.of("api_key", "token"), Set.of("GET", "HEAD"));
    assertEquals("/p?b=2&a=1", rules.stripParameters("/p?b=2&api_key=s&a=1&token=t"));
    assertEquals("/p", rules.stripParameters("/p?api_key=s"));
    assertEquals("/p?api_keyx=1", rules.stripParameters("/p?api_keyx=1"));
    assertEquals("/p", rules.stripParameters("/p"));
  }

  @Test
  void onlyAGetKeyedByItsBodyIsSentToTheOriginAsAPost() {
    String path = "/q?a=1&" + BodyKey.PARAMETER + "=abc";
    BasicHttpRequest get = new BasicHttpRequest("GET", path);

    HttpRequest keyed = rules(Set.of(), Set.of("GET", "POST")).forOrigin(get, null);
    assertEquals("POST", keyed.getMethod());
    assertEquals("/q?a=1", keyed.getPath());
    assertEquals(get, rules(Set.of(), Set.of("GET", "HEAD")).forOrigin(get, null),
        "POST not cached: the user's own parameter");
    BasicHttpRequest lookalike = new BasicHttpRequest("GET", "/q?x" + BodyKey.PARAMETER + "=abc");
    assertEquals(lookalike, rules(Set.of(), Set.of("GET", "POST")).forOrigin(lookalike, null));
  }

  /** Returns the rules with these options and the defaults for the others. */
  private static CacheRules rules(Set<String> ignoredParameters, Set<String> allowedMethods) {
    return new CacheRules(new CacheRules.Options(ignoredParameters, Set.of(), List.of(), null, true,
        Set.of(), null, null, r -> true, Set.of(), allowedMethods,
        JCacheHttpCaching.DEFAULT_MAX_POST_BODY_SIZE));
  }

  @Test
  void httpDatesAreReadStrictlyInTheThreeFormsOfRfc9110() {
    Instant expected = Instant.parse("2050-08-18T02:01:18Z");
    assertEquals(expected, HttpDates.parse("Thu, 18 Aug 2050 02:01:18 GMT"));
    assertEquals(expected, HttpDates.parse("THU, 18 AUG 2050 02:01:18 gMT"));
    assertEquals(expected, HttpDates.parse("Thursday, 18-Aug-50 02:01:18 GMT"));
    assertEquals(Instant.parse("2050-08-08T02:01:18Z"), HttpDates.parse("Thu Aug  8 02:01:18 2050"));
    for (String invalid : List.of("0", "Thu, 18 Aug 2050 02:01:18 UTC",
        "Thu, 18 Aug 2050 02:01:18 AEST", "Thu, 18 Aug 50 02:01:18 GMT",
        "Thu 18 Aug 2050 02:01:18 GMT", "Thu, 18  Aug  2050 02:01:18 GMT",
        "Thu, 18-Aug-2050 02:01:18 GMT", "Thu, 18 Aug 2050 02.01.18 GMT",
        "Thu, 18 Aug 2050 2:01:18 GMT", "Thu, 31 Feb 2050 02:01:18 GMT")) {
      assertEquals(null, HttpDates.parse(invalid), invalid);
    }
    assertEquals("Thu, 18 Aug 2050 02:01:18 GMT", HttpDates.format(expected));
    assertEquals(Instant.EPOCH, HttpDates.parse(HttpDates.EXPIRED));
  }

  @Test
  void requestDirectivesMergeToTheStrictestAndKeepUnknownOnes() {
    BasicHttpRequest request = new BasicHttpRequest("GET", "/x");
    request.addHeader("Cache-Control", "max-age=30, community=\"UCI\"");
    RequestCacheControl merged = RequestDirectives.mergeInto(
        request, RequestCaching.onlyIfCached().cacheControl(),
        RequestCacheControl.builder().setMaxAge(10)
            .setNoStore(true).setStaleIfError(60).build());
    assertTrue(merged.isOnlyIfCached());
    assertFalse(merged.isNoStore(), "only-if-cached must not reach the origin");
    assertEquals(10, merged.getMaxAge());
    assertEquals(1, request.countHeaders("Cache-Control"));
    assertEquals("max-age=10, only-if-cached, stale-if-error=60, community=UCI",
        request.getFirstHeader("Cache-Control").getValue());
  }
}
