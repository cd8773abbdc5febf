package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.http.Clients.Result;
import io.jcachestores.http.Origin.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.cache.CachingHttpAsyncClients;
import org.apache.hc.client5.http.cache.HttpAsyncCacheStorageAdaptor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP caching of the adapter, end to end: real clients, a real origin, real stores. */
class HttpCachingTest extends OriginTest {

  private static int size(Cache<String, Object> cache) {
    int n = 0;
    for (Cache.Entry<String, Object> ignored : cache) {
      n++;
    }
    return n;
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void missThenHit(TestStores store) throws Exception {
    origin.route("/a", r -> Response.ok("alpha", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = closing(caching.newClassicClient());

    Result first = Clients.get(client, origin.url("/a"));
    Result second = Clients.get(client, origin.url("/a"));

    assertEquals(CacheResponseStatus.CACHE_MISS, first.cache());
    assertEquals(CacheResponseStatus.CACHE_HIT, second.cache());
    assertEquals("alpha", second.body());
    assertEquals(1, origin.count());
    assertEquals(1, caching.stats().hits());
    assertEquals(1, caching.stats().misses());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void asyncMissThenHit(TestStores store) throws Exception {
    origin.route("/a", r -> Response.ok("alpha", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpAsyncClient client = closing(caching.newAsyncClient());

    assertEquals(CacheResponseStatus.CACHE_MISS, Clients.get(client, origin.url("/a")).cache());
    Result second = Clients.get(client, origin.url("/a"));

    assertEquals(CacheResponseStatus.CACHE_HIT, second.cache());
    assertEquals("alpha", second.body());
    assertEquals(1, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void revalidatesWithEtagAnd304(TestStores store) throws Exception {
    origin.route("/e", r -> "\"v1\"".equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"v1\"", "Cache-Control", "no-cache")
        : Response.ok("etagged", "ETag", "\"v1\"", "Cache-Control", "no-cache"));
    CloseableHttpClient client = closing(caching(store, b -> b).newClassicClient());

    Result first = Clients.get(client, origin.url("/e"));
    Result second = Clients.get(client, origin.url("/e"));

    assertEquals(CacheResponseStatus.CACHE_MISS, first.cache());
    assertEquals(CacheResponseStatus.VALIDATED, second.cache());
    assertEquals(200, second.status());
    assertEquals("etagged", second.body());
    assertEquals(2, origin.count());
    assertEquals("\"v1\"", origin.requests().get(1).header("If-None-Match"));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void varyVariantsKeptApart(TestStores store) throws Exception {
    origin.route("/v", r -> Response.ok("lang=" + r.header("Accept-Language"),
        "Cache-Control", "max-age=60", "Vary", "Accept-Language"));
    CloseableHttpClient client = closing(caching(store, b -> b).newClassicClient());

    Result en = Clients.get(client, origin.url("/v"), "Accept-Language", "en");
    Result fr = Clients.get(client, origin.url("/v"), "Accept-Language", "fr");
    Result enAgain = Clients.get(client, origin.url("/v"), "Accept-Language", "en");
    Result frAgain = Clients.get(client, origin.url("/v"), "Accept-Language", "fr");

    assertEquals("lang=en", en.body());
    assertEquals("lang=fr", fr.body());
    assertEquals("lang=en", enAgain.body());
    assertEquals("lang=fr", frAgain.body());
    assertEquals(CacheResponseStatus.CACHE_HIT, enAgain.cache());
    assertEquals(CacheResponseStatus.CACHE_HIT, frAgain.cache());
    assertEquals(2, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void noStoreIsNeverStored(TestStores store) throws Exception {
    origin.route("/n", r -> Response.ok("secret", "Cache-Control", "no-store"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = closing(caching.newClassicClient());

    Clients.get(client, origin.url("/n"));
    Result second = Clients.get(client, origin.url("/n"));

    assertEquals(CacheResponseStatus.CACHE_MISS, second.cache());
    assertEquals(2, origin.count());
    assertEquals(0, size(caching.cache()));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void newClientOnTheSameStoreGetsAHit(TestStores store) throws Exception {
    origin.route("/p", r -> Response.ok("persisted", "Cache-Control", "max-age=60"));
    URI uri = newStore(store);
    try (JCacheHttpCaching first = JCacheHttpCaching.builder().store(uri).build();
        CloseableHttpClient client = first.newClassicClient()) {
      assertEquals(CacheResponseStatus.CACHE_MISS, Clients.get(client, origin.url("/p")).cache());
    }
    try (JCacheHttpCaching second = JCacheHttpCaching.builder().store(uri).build();
        CloseableHttpClient client = second.newClassicClient()) {
      Result r = Clients.get(client, origin.url("/p"));
      assertEquals(CacheResponseStatus.CACHE_HIT, r.cache());
      assertEquals("persisted", r.body());
    }
    assertEquals(1, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void twoJvmsShareOneStore(TestStores store) throws Exception {
    origin.route("/s", r -> Response.ok("shared", "Cache-Control", "max-age=60"));
    URI uri = newStore(store);
    JCacheHttpCaching caching = caching(uri, b -> b);
    CloseableHttpClient client = closing(caching.newClassicClient());
    assertEquals(CacheResponseStatus.CACHE_MISS, Clients.get(client, origin.url("/s")).cache());

    Process child = SecondJvm.start(SecondJvmFetch.class, uri.toString(), origin.url("/s"));
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));

    assertEquals(0, child.exitValue(), out);
    assertEquals("CACHE_HIT 200 shared", out);
    assertEquals(1, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void thirtyTwoThreadsOnOneUrl(TestStores store) throws Exception {
    origin.route("/c", r -> Response.ok("concurrent", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = closing(caching.classicBuilder()
        .setConnectionManager(org.apache.hc.client5.http.impl.io
            .PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(32)
            .setMaxConnTotal(32).build())
        .build());
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(pool.submit((Callable<Result>) () -> {
          start.await();
          return Clients.get(client, origin.url("/c"));
        }));
      }
      start.countDown();
      for (Future<Result> f : results) {
        Result r = f.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertEquals("concurrent", r.body());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, origin.count(), "identical requests collapsed into one");
    assertEquals(CacheResponseStatus.CACHE_HIT, Clients.get(client, origin.url("/c")).cache());
    assertEquals(1, origin.count());
    assertEquals(1, size(caching.cache()));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void asyncClientNeverRunsTheStoreOnTheReactor(TestStores store) throws Exception {
    origin.route("/r", r -> Response.ok("reactor", "Cache-Control", "max-age=60"));
    JCacheHttpCaching base = caching(store, b -> b);
    Set<String> threads = ProbeCache.threadSet();
    JCacheHttpCaching caching = caching(store, b -> b.cache(
        ProbeCache.recording(base.cache(), threads)));
    CloseableHttpAsyncClient client = closing(caching.newAsyncClient());

    Clients.get(client, origin.url("/r"));
    Result second = Clients.get(client, origin.url("/r"));

    assertEquals(CacheResponseStatus.CACHE_HIT, second.cache());
    assertFalse(threads.isEmpty());
    assertTrue(threads.stream().noneMatch(t -> t.startsWith("httpclient-dispatch")), threads::toString);
    assertTrue(threads.stream().allMatch(t -> t.startsWith("jcache-http-storage-")), threads::toString);
  }

  /** The probe of the test above does see the reactor when the storage runs on it. */
  @ParameterizedTest
  @MethodSource(STORES)
  void theProbeSeesTheReactorWithABlockingStorage(TestStores store) throws Exception {
    origin.route("/r", r -> Response.ok("reactor", "Cache-Control", "max-age=60"));
    Set<String> threads = ProbeCache.threadSet();
    Cache<String, Object> recording = ProbeCache.recording(caching(store, b -> b).cache(), threads);
    CloseableHttpAsyncClient client = closing(CachingHttpAsyncClients.custom()
        .setHttpCacheStorage(new HttpAsyncCacheStorageAdaptor(new JCacheHttpCacheStorage(recording)))
        .build());
    client.start();

    Clients.get(client, origin.url("/r"));

    assertTrue(threads.stream().anyMatch(t -> t.startsWith("httpclient-dispatch")), threads::toString);
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void corruptStoredEntryIsAMissAndIsReplaced(TestStores store) throws Exception {
    origin.route("/k", r -> Response.ok("fine", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = closing(caching.newClassicClient());
    Clients.get(client, origin.url("/k"));
    String key = caching.inspector().list().get(0).key();
    caching.cache().put(key, "HttpClient CacheEntry 9.9\ngarbage".getBytes(StandardCharsets.UTF_8));

    Result afterCorruption = Clients.get(client, origin.url("/k"));
    Result next = Clients.get(client, origin.url("/k"));

    assertEquals(CacheResponseStatus.CACHE_MISS, afterCorruption.cache());
    assertEquals("fine", afterCorruption.body());
    assertEquals(CacheResponseStatus.CACHE_HIT, next.cache());
    assertEquals(2, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void ignoredParametersAndHeadersNeitherSplitNorAreStored(TestStores store) throws Exception {
    origin.route("/q", r -> Response.ok("query", "Cache-Control", "max-age=60",
        "Vary", "X-Api-Key"));
    JCacheHttpCaching caching = caching(store,
        b -> b.ignoreParameters("api_key").ignoreHeaders("X-Api-Key"));
    CloseableHttpClient client = closing(caching.newClassicClient());

    Result first = Clients.get(client, origin.url("/q?id=7&api_key=SECRET-ONE"),
        "X-Api-Key", "HEADER-ONE");
    Result second = Clients.get(client, origin.url("/q?id=7&api_key=SECRET-TWO"),
        "X-Api-Key", "HEADER-TWO");
    Result otherId = Clients.get(client, origin.url("/q?id=8&api_key=SECRET-ONE"),
        "X-Api-Key", "HEADER-ONE");

    assertEquals(CacheResponseStatus.CACHE_MISS, first.cache());
    assertEquals(CacheResponseStatus.CACHE_HIT, second.cache());
    assertEquals(CacheResponseStatus.CACHE_MISS, otherId.cache());
    assertEquals(2, origin.count());
    assertEquals("/q?id=7&api_key=SECRET-ONE", origin.requests().get(0).uri());
    assertEquals("HEADER-ONE", origin.requests().get(0).header("X-Api-Key"));
    for (Cache.Entry<String, Object> e : caching.cache()) {
      String stored = e.getKey() + (e.getValue() instanceof byte[] bytes
          ? new String(bytes, StandardCharsets.ISO_8859_1) : e.getValue().toString());
      assertFalse(stored.contains("SECRET") || stored.contains("api_key"), stored);
      assertFalse(stored.contains("HEADER-ONE"), stored);
    }
    assertEquals(4, size(caching.cache()), "two roots, each with one variant");
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void storeDownMeansOriginServesClassicAndAsync(TestStores store) throws Exception {
    origin.route("/d", r -> Response.ok("origin", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b.cache(ProbeCache.down()));
    CloseableHttpClient classic = closing(caching.newClassicClient());
    CloseableHttpAsyncClient async = closing(caching.newAsyncClient());

    Result c1 = Clients.get(classic, origin.url("/d"));
    Result c2 = Clients.get(classic, origin.url("/d"));
    Result a1 = Clients.get(async, origin.url("/d"));

    for (Result r : List.of(c1, c2, a1)) {
      assertEquals(200, r.status());
      assertEquals("origin", r.body());
    }
    assertEquals(3, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void entryLivesForFreshnessPlusGrace(TestStores store) throws Exception {
    // explicitly cacheable, but already stale on arrival: Age exceeds max-age
    origin.route("/g", r -> Response.ok("graced", "Cache-Control", "max-age=60", "Age", "120",
        "ETag", "\"g\""));
    JCacheHttpCaching noGrace = caching(store, b -> b.gracePeriod(Duration.ZERO));
    JCacheHttpCaching grace = caching(store, b -> b.gracePeriod(Duration.ofHours(1)));

    Clients.get(closing(noGrace.newClassicClient()), origin.url("/g"));
    Clients.get(closing(grace.newClassicClient()), origin.url("/g"));

    assertEquals(0, size(noGrace.cache()), "stale on arrival, no grace: expires at once");
    assertEquals(1, size(grace.cache()), "stale on arrival, kept for revalidation");
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void expireAfterGivesFreshnessToResponsesWithout(TestStores store) throws Exception {
    origin.route("/x", r -> Response.ok("plain"));
    CloseableHttpClient without = closing(caching(store, b -> b).newClassicClient());
    CloseableHttpClient with = closing(
        caching(store, b -> b.expireAfter(Duration.ofMinutes(5))).newClassicClient());

    Clients.get(without, origin.url("/x"));
    assertNotEquals(CacheResponseStatus.CACHE_HIT, Clients.get(without, origin.url("/x")).cache());
    assertEquals(2, origin.count());
    Clients.get(with, origin.url("/x"));
    assertEquals(CacheResponseStatus.CACHE_HIT, Clients.get(with, origin.url("/x")).cache());
    assertEquals(3, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void urlRulesFirstMatchWinsIncludingNeverCache(TestStores store) throws Exception {
    origin.route("/api/live", r -> Response.ok("live", "Cache-Control", "max-age=60"));
    origin.route("/api/items", r -> Response.ok("items"));
    JCacheHttpCaching caching = caching(store, b -> b
        .neverCache("127.0.0.1*/api/live")
        .expireAfter("127.0.0.1*/api/*", Duration.ofMinutes(1))
        .expireAfter("127.0.0.1*/api/items", Duration.ZERO));
    CloseableHttpClient client = closing(caching.newClassicClient());

    Clients.get(client, origin.url("/api/live"));
    Result live = Clients.get(client, origin.url("/api/live"));
    Clients.get(client, origin.url("/api/items"));
    Result items = Clients.get(client, origin.url("/api/items"));

    assertEquals(CacheResponseStatus.CACHE_MISS, live.cache(), "never cached despite max-age");
    assertEquals(CacheResponseStatus.CACHE_HIT, items.cache(), "first rule (1 min) wins");
    assertEquals(3, origin.count());
    assertEquals(1, size(caching.cache()));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void onlyAllowedStatusCodesAreStored(TestStores store) throws Exception {
    origin.route("/missing", r -> Response.of(404, "gone", "Cache-Control", "max-age=60"));
    CloseableHttpClient all = closing(caching(store, b -> b).newClassicClient());
    CloseableHttpClient only200 = closing(
        caching(store, b -> b.allowedStatusCodes(200)).newClassicClient());

    Clients.get(all, origin.url("/missing"));
    assertEquals(CacheResponseStatus.CACHE_HIT, Clients.get(all, origin.url("/missing")).cache());
    Clients.get(only200, origin.url("/missing"));
    Result r = Clients.get(only200, origin.url("/missing"));
    assertEquals(CacheResponseStatus.CACHE_MISS, r.cache());
    assertEquals(404, r.status());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void staleIfErrorServesStoredContentWhenTheOriginFails(TestStores store) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    origin.route("/f", r -> calls.incrementAndGet() == 1
        ? Response.ok("good", "Cache-Control", "max-age=60", "Age", "120", "ETag", "\"f\"")
        : Response.of(503, "down"));
    CloseableHttpClient strict = closing(caching(store, b -> b).newClassicClient());
    CloseableHttpClient lenient = closing(
        caching(store, b -> b.staleIfError(true)).newClassicClient());

    Clients.get(lenient, origin.url("/f"));
    Result served = Clients.get(lenient, origin.url("/f"));
    calls.set(0);
    Clients.get(strict, origin.url("/f"));
    Result failed = Clients.get(strict, origin.url("/f"));

    assertEquals(200, served.status());
    assertEquals("good", served.body());
    assertEquals(503, failed.status());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void inspectorListsAndDeletes(TestStores store) throws Exception {
    origin.route("/i/one", r -> Response.ok("one", "Cache-Control", "max-age=60"));
    origin.route("/i/two", r -> Response.ok("two", "Cache-Control", "max-age=60"));
    origin.route("/old", r -> Response.ok("old", "Cache-Control", "max-age=60", "Age", "120",
        "ETag", "\"o\""));
    JCacheHttpCaching caching = caching(store, b -> b);
    CloseableHttpClient client = closing(caching.newClassicClient());
    for (String p : List.of("/i/one", "/i/two", "/old")) {
      Clients.get(client, origin.url(p));
    }
    HttpCacheInspector inspector = caching.inspector();

    List<CachedResponse> listed = inspector.list();
    assertEquals(3, listed.size());
    CachedResponse one = listed.stream().filter(r -> r.url().endsWith("/i/one")).findFirst()
        .orElseThrow();
    assertEquals(200, one.status());
    assertEquals("GET", one.method());
    assertTrue(one.size() > 3);
    assertTrue(one.expiresAt().isAfter(one.storedAt().plusSeconds(50)));

    assertEquals(1, inspector.deleteExpired(n -> { }));
    assertEquals(1, inspector.delete(origin.url("/i/one")));
    assertEquals(List.of(origin.url("/i/two")),
        inspector.list().stream().map(CachedResponse::url).toList());
    assertEquals(1, inspector.deleteMatching(UrlPattern.of("127.0.0.1*/i/"), n -> { }));
    assertEquals(0, inspector.list().size());
  }
}
