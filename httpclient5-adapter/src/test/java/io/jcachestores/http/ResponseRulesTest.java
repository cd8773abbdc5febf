package io.jcachestores.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.http.Clients.Result;
import io.jcachestores.http.Origin.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outcome labels, expiry modes, response filter, matched headers, stale-while-revalidate and
 * the two cache-tests.fyi items the exec chain fixes (invalid {@code Expires},
 * {@code If-None-Match} precedence): real clients, a real origin.
 */
class ResponseRulesTest extends OriginTest {

  private CloseableHttpClient client(JCacheHttpCaching caching) {
    return closing(caching.newClassicClient());
  }

  private CloseableHttpClient client(UnaryOperator<JCacheHttpCaching.Builder> options) {
    return client(caching(TestStores.SQLITE, options));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void outcomeLabelsSayWhatHappened(TestStores store) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    origin.route("/fresh", r -> Response.ok("fresh", "Cache-Control", "max-age=60"));
    origin.route("/etag", r -> "\"e\"".equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"e\"", "Cache-Control", "no-cache")
        : Response.ok("etag", "ETag", "\"e\"", "Cache-Control", "no-cache"));
    // stale on arrival (Age > max-age), no validator: revalidation gets a full 200
    origin.route("/full", r -> Response.ok("full" + calls.incrementAndGet(),
        "Cache-Control", "max-age=60", "Age", "120"));
    origin.route("/flaky", r -> r.header("If-None-Match") == null
        ? Response.ok("kept", "Cache-Control", "max-age=60", "Age", "120", "ETag", "\"f\"")
        : Response.of(503, "down"));
    JCacheHttpCaching caching = caching(store, b -> b.staleIfError(true));
    CloseableHttpClient client = client(caching);

    assertEquals(CacheOutcome.MISS, Clients.get(client, origin.url("/fresh")).outcome());
    assertEquals(CacheOutcome.HIT, Clients.get(client, origin.url("/fresh")).outcome());
    Clients.get(client, origin.url("/etag"));
    assertEquals(CacheOutcome.VALIDATED, Clients.get(client, origin.url("/etag")).outcome());
    Clients.get(client, origin.url("/full"));
    Result full = Clients.get(client, origin.url("/full"));
    assertEquals(CacheOutcome.REFRESHED, full.outcome(), "a 200, not a 304: not VALIDATED");
    assertEquals("full2", full.body());
    Clients.get(client, origin.url("/flaky"));
    Result stale = Clients.get(client, origin.url("/flaky"));
    assertEquals(CacheOutcome.STALE, stale.outcome());
    assertEquals("kept", stale.body());
    assertEquals(CacheOutcome.CACHE_ONLY_MISS, Clients.get(client, origin.url("/none"),
        RequestCaching.onlyIfCached()).outcome());

    assertEquals(Map.of(CacheOutcome.HIT, 1L, CacheOutcome.MISS, 4L, CacheOutcome.VALIDATED, 1L,
        CacheOutcome.REFRESHED, 1L, CacheOutcome.STALE, 1L, CacheOutcome.CACHE_ONLY_MISS, 1L,
        CacheOutcome.ERROR, 0L), caching.stats().asMap());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void aZeroExpiryStoresAndRevalidatesEachTime(TestStores store) throws Exception {
    origin.route("/zero/etag", r -> "\"z\"".equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"z\"")
        : Response.ok("etag", "ETag", "\"z\""));
    AtomicInteger calls = new AtomicInteger();
    origin.route("/zero/plain", r -> Response.ok("plain" + calls.incrementAndGet()));
    origin.route("/origin60", r -> "\"o\"".equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"o\"")
        : Response.ok("o", "Cache-Control", "max-age=60", "ETag", "\"o\""));
    JCacheHttpCaching caching = caching(store, b -> b.cacheControl(false)
        .expireAfter("127.0.0.1*/zero/", Duration.ZERO));
    CloseableHttpClient client = client(caching);

    assertEquals(CacheOutcome.MISS, Clients.get(client, origin.url("/zero/etag")).outcome());
    Result validated = Clients.get(client, origin.url("/zero/etag"));
    assertEquals(CacheOutcome.VALIDATED, validated.outcome(), "stored, revalidated");
    assertEquals("etag", validated.body());
    Clients.get(client, origin.url("/zero/plain"));
    Result refreshed = Clients.get(client, origin.url("/zero/plain"));
    assertEquals(CacheOutcome.REFRESHED, refreshed.outcome(), "stored, no validator: refetched");
    assertEquals("plain2", refreshed.body());
    Clients.get(client, origin.url("/origin60"),
        RequestCaching.normal().expireAfter(Duration.ZERO));
    assertEquals(CacheOutcome.VALIDATED, Clients.get(client, origin.url("/origin60")).outcome(),
        "a per-request zero expiry, winning over max-age=60");
    assertEquals(6, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void theInspectorTellsEachResponsesNextOutcomeInTheSameWords(TestStores store)
      throws Exception {
    origin.route("/fresh", r -> Response.ok("fresh", "Cache-Control", "max-age=600"));
    origin.route("/etag", r -> "\"e\"".equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"e\"")
        : Response.ok("etag", "ETag", "\"e\"", "Cache-Control", "max-age=600, no-cache"));
    // stale on arrival (Age > max-age)
    origin.route("/swr", r -> Response.ok("swr", "Cache-Control",
        "max-age=60, stale-while-revalidate=600", "Age", "120"));
    origin.route("/plain", r -> Response.ok("plain", "Cache-Control", "max-age=60", "Age", "120"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = client(caching);
    Map<String, CacheOutcome> expected = Map.of("/fresh", CacheOutcome.HIT,
        "/etag", CacheOutcome.VALIDATED, "/swr", CacheOutcome.STALE,
        "/plain", CacheOutcome.REFRESHED);
    for (String path : expected.keySet()) {
      Clients.get(client, origin.url(path));
    }

    Map<String, CacheOutcome> told = new HashMap<>();
    for (CachedResponse r : caching.inspector().list()) {
      told.put(r.url().substring(r.url().lastIndexOf('/')), r.outcomeAt(Instant.now()));
    }
    assertEquals(expected, told);
    for (String path : expected.keySet()) {
      assertEquals(expected.get(path), Clients.get(client, origin.url(path)).outcome(),
          "what the request got: " + path);
    }
  }

  @Test
  void errorWhenTheOriginCannotBeReachedToRevalidate() throws Exception {
    origin.route("/must", r -> Response.ok("must", "Cache-Control", "no-cache", "ETag", "\"m\""));
    JCacheHttpCaching caching = caching(TestStores.SQLITE, b -> b);
    CloseableHttpClient client = client(caching);
    Clients.get(client, origin.url("/must"));
    String url = origin.url("/must");
    origin.close();

    Result r = Clients.get(client, url);

    assertEquals(504, r.status());
    assertEquals(CacheOutcome.ERROR, r.outcome());
    assertEquals(1, caching.stats().count(CacheOutcome.ERROR));
  }

  @Test
  void expireAfterFillsInByDefaultAndWinsWithoutCacheControl() throws Exception {
    // 30 s old on arrival: fresh for the origin (60 s), stale for our expiry (10 s)
    origin.route("/m", r -> r.header("If-None-Match") != null
        ? Response.of(304, "", "ETag", "\"m\"", "Cache-Control", "max-age=60")
        : Response.ok("m", "Cache-Control", "max-age=60", "Age", "30", "ETag", "\"m\""));
    CloseableHttpClient honoring = client(b -> b.expireAfter(Duration.ofSeconds(10)));
    CloseableHttpClient overriding = client(b -> b.expireAfter(Duration.ofSeconds(10))
        .cacheControl(false));

    Clients.get(honoring, origin.url("/m"));
    assertEquals(CacheOutcome.HIT, Clients.get(honoring, origin.url("/m")).outcome(),
        "the origin's max-age=60 wins");
    Clients.get(overriding, origin.url("/m"));
    assertEquals(CacheOutcome.VALIDATED, Clients.get(overriding, origin.url("/m")).outcome(),
        "our expiry (10 s) wins: stale, revalidated");
    assertEquals(3, origin.count());
  }

  @Test
  void overridingExpiryReplacesExpiresAndNoCacheButKeepsNoStore() throws Exception {
    origin.route("/e", r -> Response.ok("e", "Expires", HttpDates.EXPIRED,
        "Cache-Control", "no-cache"));
    origin.route("/s", r -> Response.ok("s", "Cache-Control", "no-store"));
    CloseableHttpClient client = client(b -> b.expireAfter(Duration.ofHours(1))
        .cacheControl(false));

    Clients.get(client, origin.url("/e"));
    Clients.get(client, origin.url("/s"));

    assertEquals(CacheOutcome.HIT, Clients.get(client, origin.url("/e")).outcome());
    assertEquals(CacheOutcome.MISS, Clients.get(client, origin.url("/s")).outcome());
  }

  @Test
  void filterKeepsRefusedResponsesOutOfTheCache() throws Exception {
    origin.route("/ok", r -> Response.ok("ok", "Cache-Control", "max-age=60"));
    origin.route("/partial", r -> Response.ok("partial", "Cache-Control", "max-age=60",
        "X-Partial", "true"));
    CloseableHttpClient client = client(b -> b.filter(r -> !r.containsHeader("X-Partial")));

    for (String p : List.of("/ok", "/partial", "/ok", "/partial")) {
      Clients.get(client, origin.url(p));
    }

    assertEquals(3, origin.count());
  }

  @Test
  void matchedHeadersSplitTheKey() throws Exception {
    origin.route("/lang", r -> Response.ok("in " + r.header("Accept-Language"),
        "Cache-Control", "max-age=60"));
    CloseableHttpClient client = client(b -> b.matchHeaders("Accept-Language"));

    Result en = Clients.get(client, origin.url("/lang"), "Accept-Language", "en");
    Result fr = Clients.get(client, origin.url("/lang"), "Accept-Language", "fr");
    Result enAgain = Clients.get(client, origin.url("/lang"), "Accept-Language", "en");
    Result frAgain = Clients.get(client, origin.url("/lang"), "Accept-Language", "fr");

    assertEquals(CacheOutcome.MISS, fr.outcome());
    assertEquals("in en", enAgain.body());
    assertEquals(CacheOutcome.HIT, enAgain.outcome());
    assertEquals("in fr", frAgain.body());
    assertEquals(CacheOutcome.HIT, frAgain.outcome());
    assertEquals("in en", en.body());
    assertEquals(2, origin.count());
  }

  /** cache-tests.fyi freshness-expires-invalid-*: such a response is already expired. */
  @ParameterizedTest
  @ValueSource(strings = {"0", "Thu, 18 Aug 2050 02:01:18 UTC", "Thu, 18 Aug 2050 02:01:18 AEST",
      "Thu, 18 Aug 50 02:01:18 GMT", "Thu 18 Aug 2050 02:01:18 GMT",
      "Thu, 18-Aug-2050 02:01:18 GMT", "Thu, 18 Aug 2050 2:01:18 GMT"})
  void invalidExpiresIsAlreadyExpired(String expires) throws Exception {
    origin.route("/x", r -> Response.ok("x", "Expires", expires,
        "Date", DateUtils.formatStandardDate(Instant.now())));
    CloseableHttpClient client = client(b -> b.heuristicCaching(true));

    Clients.get(client, origin.url("/x"));
    Result second = Clients.get(client, origin.url("/x"));

    assertNotEquals(CacheOutcome.HIT, second.outcome());
    assertEquals(2, origin.count());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thu, 18 Aug 2050 02:01:18 GMT", "THU, 18 AUG 2050 02:01:18 gMT",
      "Thursday, 18-Aug-50 02:01:18 GMT", "Thu Aug  8 02:01:18 2050"})
  void validExpiresInEveryFormIsFresh(String expires) throws Exception {
    origin.route("/x", r -> Response.ok("x", "Expires", expires,
        "Date", DateUtils.formatStandardDate(Instant.now())));
    CloseableHttpClient client = client(b -> b);

    Clients.get(client, origin.url("/x"));

    assertEquals(CacheOutcome.HIT, Clients.get(client, origin.url("/x")).outcome());
  }

  /** cache-tests.fyi conditional-etag-precedence. */
  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws Exception {
    Instant lastModified = Instant.now().minusSeconds(5000);
    origin.route("/c", r -> Response.ok("c", "Cache-Control", "max-age=60", "ETag", "\"abcdef\"",
        "Last-Modified", DateUtils.formatStandardDate(lastModified)));
    CloseableHttpClient client = client(b -> b);
    Clients.get(client, origin.url("/c"));

    Result r = Clients.get(client, origin.url("/c"), "If-None-Match", "\"abcdef\"",
        "If-Modified-Since", DateUtils.formatStandardDate(lastModified.minusSeconds(1)));

    assertEquals(304, r.status());
    assertEquals(CacheOutcome.HIT, r.outcome());
    assertEquals(1, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void staleWhileRevalidateServesStaleOnceAndRefreshesInTheBackground(TestStores store)
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // stale on arrival (Age > max-age) the first time, fresh after
    origin.route("/swr", r -> calls.incrementAndGet() == 1
        ? Response.ok("old", "Cache-Control", "max-age=60", "Age", "120", "ETag", "\"1\"")
        : Response.ok("new", "Cache-Control", "max-age=60", "ETag", "\"2\""));
    CloseableHttpClient client = client(caching(store,
        b -> b.staleWhileRevalidate(Duration.ofMinutes(10))));
    Clients.get(client, origin.url("/swr"));

    Result stale = Clients.get(client, origin.url("/swr"));
    assertEquals(CacheOutcome.STALE, stale.outcome());
    assertEquals("old", stale.body());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Result refreshed;
    do { // the refresh runs in the background: wait for it (generously) to be stored
      refreshed = Clients.get(client, origin.url("/swr"));
    } while (!"new".equals(refreshed.body()) && System.nanoTime() < deadline
        && sleep(50));

    assertEquals("new", refreshed.body());
    assertEquals(CacheOutcome.HIT, refreshed.outcome());
    assertEquals(2, calls.get(), "one background refresh");
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  /** POSTs {@code body} through a classic or an async client. */
  @FunctionalInterface
  private interface Poster {
    Result post(String url, String body, ContentType type) throws Exception;
  }

  private Poster poster(boolean async, JCacheHttpCaching caching) {
    if (async) {
      CloseableHttpAsyncClient client = closing(caching.newAsyncClient());
      return (url, body, type) -> {
        HttpCacheContext context = HttpCacheContext.create();
        SimpleHttpResponse r = client.execute(
            SimpleRequestBuilder.post(url).setBody(body, type).build(), context, null)
            .get(30, TimeUnit.SECONDS);
        return new Result(r.getCode(), r.getBodyText(), context.getCacheResponseStatus(),
            CacheOutcome.of(context));
      };
    }
    CloseableHttpClient client = client(caching);
    return (url, body, type) -> {
      HttpPost post = new HttpPost(url);
      post.setEntity(new StringEntity(body, type));
      HttpCacheContext context = HttpCacheContext.create();
      return client.execute(post, context, r -> new Result(r.getCode(),
          EntityUtils.toString(r.getEntity()), context.getCacheResponseStatus(),
          CacheOutcome.of(context)));
    };
  }

  @ParameterizedTest(name = "{0}, async {1}")
  @MethodSource(STORES_AND_CLIENTS)
  void postOptInHitsWithTheSameBodyAndMissesWithAnother(TestStores store, boolean async)
      throws Exception {
    origin.route("/q", r -> Response.ok(r.method() + " " + r.body(),
        "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b.allowedMethods("GET", "POST"));
    Poster client = poster(async, caching);

    Result first = client.post(origin.url("/q"), "{\"q\":1}", ContentType.APPLICATION_JSON);
    Result same = client.post(origin.url("/q"), "{\"q\":1}", ContentType.APPLICATION_JSON);
    Result other = client.post(origin.url("/q"), "{\"q\":2}", ContentType.APPLICATION_JSON);
    Result get = Clients.get(client(caching), origin.url("/q"));

    assertEquals("POST {\"q\":1}", first.body());
    assertEquals(CacheOutcome.MISS, first.outcome());
    assertEquals(CacheOutcome.HIT, same.outcome());
    assertEquals("POST {\"q\":1}", same.body());
    assertEquals(CacheOutcome.MISS, other.outcome());
    assertEquals("POST {\"q\":2}", other.body());
    assertEquals("GET ", get.body(), "a GET of the URL is not the POST's response");
    assertEquals(3, origin.count());
    assertEquals("/q", origin.requests().get(0).uri(), "the origin sees the URL as sent");
    assertEquals("POST", origin.requests().get(0).method());
  }

  @ParameterizedTest(name = "async {0}")
  @ValueSource(booleans = {false, true})
  void postsAreNotCachedUnlessOptedIn(boolean async) throws Exception {
    origin.route("/q", r -> Response.ok("posted", "Cache-Control", "max-age=60"));
    Poster client = poster(async, caching(TestStores.SQLITE, b -> b));

    client.post(origin.url("/q"), "a=1", ContentType.APPLICATION_FORM_URLENCODED);
    Result second = client.post(origin.url("/q"), "a=1", ContentType.APPLICATION_FORM_URLENCODED);

    assertEquals(CacheOutcome.MISS, second.outcome());
    assertEquals(2, origin.count());
  }

  @ParameterizedTest(name = "{0}, async {1}")
  @MethodSource(STORES_AND_CLIENTS)
  void ignoredParametersAreIgnoredInFormAndJsonBodies(TestStores store, boolean async)
      throws Exception {
    origin.route("/q", r -> Response.ok("answer", "Cache-Control", "max-age=60"));
    Poster client = poster(async, caching(store, b -> b.allowedMethods("GET", "POST")
        .ignoreParameters("token")));

    client.post(origin.url("/q"), "a=1&token=one", ContentType.APPLICATION_FORM_URLENCODED);
    Result form = client.post(origin.url("/q"), "a=1&token=two",
        ContentType.APPLICATION_FORM_URLENCODED);
    client.post(origin.url("/q"), "{\"a\":1,\"b\":2,\"token\":\"one\"}",
        ContentType.APPLICATION_JSON);
    Result json = client.post(origin.url("/q"), "{\"token\":\"two\",\"b\":2,\"a\":1}",
        ContentType.APPLICATION_JSON);

    assertEquals(CacheOutcome.HIT, form.outcome());
    assertEquals(CacheOutcome.HIT, json.outcome(), "same object, other token and key order");
    assertEquals(2, origin.count());
    assertEquals("a=1&token=one", origin.requests().get(0).body(), "sent as written");
  }

  @ParameterizedTest(name = "async {0}")
  @ValueSource(booleans = {false, true})
  void postsWithABodyOverTheLimitAreSentUncached(boolean async) throws Exception {
    origin.route("/q", r -> Response.ok(r.body(), "Cache-Control", "max-age=60"));
    Poster client = poster(async, caching(TestStores.SQLITE, b -> b.allowedMethods("GET", "POST")
        .maxPostBodySize(8)));

    client.post(origin.url("/q"), "a=12345", ContentType.APPLICATION_FORM_URLENCODED);
    Result small = client.post(origin.url("/q"), "a=12345",
        ContentType.APPLICATION_FORM_URLENCODED);
    client.post(origin.url("/q"), "a=123456789", ContentType.APPLICATION_FORM_URLENCODED);
    Result large = client.post(origin.url("/q"), "a=123456789",
        ContentType.APPLICATION_FORM_URLENCODED);

    assertEquals(CacheOutcome.HIT, small.outcome());
    assertEquals(CacheOutcome.MISS, large.outcome());
    assertEquals("a=123456789", large.body(), "sent whole");
    assertEquals(3, origin.count());
  }

  @Test
  void aStreamedClassicPostIsReadUpToTheLimitAndSentWhole() throws Exception {
    origin.route("/q", r -> Response.ok(r.body(), "Cache-Control", "max-age=60"));
    CloseableHttpClient client = client(b -> b.allowedMethods("GET", "POST").maxPostBodySize(8));

    List<Result> results = new ArrayList<>();
    for (String body : List.of("a=12345", "a=12345", "a=123456789", "a=123456789")) {
      HttpPost post = new HttpPost(origin.url("/q"));
      post.setEntity(new InputStreamEntity(new ByteArrayInputStream(body.getBytes(UTF_8)), -1,
          ContentType.APPLICATION_FORM_URLENCODED)); // not repeatable, length unknown
      HttpCacheContext context = HttpCacheContext.create();
      results.add(client.execute(post, context, r -> new Result(r.getCode(),
          EntityUtils.toString(r.getEntity()), null, CacheOutcome.of(context))));
    }

    assertEquals(CacheOutcome.HIT, results.get(1).outcome());
    assertEquals(CacheOutcome.MISS, results.get(3).outcome(), "over the limit: uncached");
    assertEquals("a=123456789", results.get(3).body(), "sent whole");
    assertEquals("a=12345", origin.requests().get(0).body());
    assertEquals(3, origin.count());
  }
}
