package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.http.Clients.Result;
import io.jcachestores.http.Origin.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-request modes of {@link RequestCaching}, with the builder's rules that add request
 * directives active ({@code staleIfError(Duration)} on every request, {@code neverCache} on
 * some URLs): real clients, a real origin, every store.
 */
class PerRequestTest extends OriginTest {

  private final AtomicInteger version = new AtomicInteger(1);

  @BeforeEach
  void routes() {
    // a fresh response with a validator; the body says which version the origin holds
    origin.route("/v", r -> ("\"v" + version.get() + "\"").equals(r.header("If-None-Match"))
        ? Response.of(304, "", "ETag", "\"v" + version.get() + "\"", "Cache-Control", "max-age=60")
        : Response.ok("v" + version.get(), "ETag", "\"v" + version.get() + "\"",
            "Cache-Control", "max-age=60"));
    origin.route("/never", r -> Response.ok("never" + version.get(), "Cache-Control", "max-age=60"));
    origin.route("/plain", r -> Response.ok("plain" + version.get()));
  }

  private CloseableHttpClient client(TestStores store,
      UnaryOperator<JCacheHttpCaching.Builder> options) {
    return closing(caching(store, b -> options.apply(b.staleIfError(Duration.ofMinutes(5))
        .neverCache("127.0.0.1*/never"))).newClassicClient());
  }

  private CloseableHttpClient client(TestStores store) {
    return client(store, b -> b);
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void onlyIfCachedAnswers504WhenNothingIsStoredAndNeverCallsTheOrigin(TestStores store)
      throws Exception {
    CloseableHttpClient client = client(store);

    Result absent = Clients.get(client, origin.url("/v"), RequestCaching.onlyIfCached());
    assertEquals(504, absent.status());
    assertEquals(CacheOutcome.CACHE_ONLY_MISS, absent.outcome());
    assertEquals(0, origin.count());

    Clients.get(client, origin.url("/v"));
    Result stored = Clients.get(client, origin.url("/v"), RequestCaching.onlyIfCached());
    assertEquals("v1", stored.body());
    assertEquals(CacheOutcome.HIT, stored.outcome());

    Result never = Clients.get(client, origin.url("/never"), RequestCaching.onlyIfCached());
    assertEquals(504, never.status());
    assertEquals(CacheOutcome.CACHE_ONLY_MISS, never.outcome());
    assertEquals(1, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void onlyIfCachedAlsoWhenTheRequestCarriesItsOwnCacheControl(TestStores store)
      throws Exception {
    CloseableHttpClient client = client(store);

    Result r = Clients.get(client, origin.url("/v"), RequestCaching.onlyIfCached(),
        "Cache-Control", "max-stale=10");

    assertEquals(504, r.status());
    assertEquals(0, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void revalidateAsksTheOriginEvenForAFreshResponse(TestStores store) throws Exception {
    CloseableHttpClient client = client(store);
    Clients.get(client, origin.url("/v"));

    Result unchanged = Clients.get(client, origin.url("/v"), RequestCaching.revalidate());
    version.set(2);
    Result changed = Clients.get(client, origin.url("/v"), RequestCaching.revalidate());

    assertEquals(CacheOutcome.VALIDATED, unchanged.outcome());
    assertEquals("v1", unchanged.body());
    assertEquals("\"v1\"", origin.requests().get(1).header("If-None-Match"));
    assertEquals(CacheOutcome.REFRESHED, changed.outcome());
    assertEquals("v2", changed.body());
    assertEquals(3, origin.count());
    assertEquals("v2", Clients.get(client, origin.url("/v")).body());
    assertEquals(3, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void forceRefreshFetchesUnconditionallyAndStores(TestStores store) throws Exception {
    CloseableHttpClient client = client(store);
    Clients.get(client, origin.url("/v"));
    version.set(2);

    Result refreshed = Clients.get(client, origin.url("/v"), RequestCaching.forceRefresh());
    Result next = Clients.get(client, origin.url("/v"));

    assertEquals("v2", refreshed.body());
    assertEquals(CacheOutcome.REFRESHED, refreshed.outcome());
    assertNull(origin.requests().get(1).header("If-None-Match"));
    assertEquals(CacheOutcome.HIT, next.outcome());
    assertEquals("v2", next.body());
    assertEquals(2, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void bypassNeitherReadsNorWrites(TestStores store) throws Exception {
    CloseableHttpClient client = client(store);
    Result bypassedEmpty = Clients.get(client, origin.url("/v"), RequestCaching.bypass());
    Result first = Clients.get(client, origin.url("/v"));
    version.set(2);

    Result bypassed = Clients.get(client, origin.url("/v"), RequestCaching.bypass());
    Result after = Clients.get(client, origin.url("/v"));

    assertEquals(CacheOutcome.MISS, bypassedEmpty.outcome());
    assertEquals(CacheOutcome.MISS, first.outcome(), "the bypassed response was not stored");
    assertEquals("v2", bypassed.body());
    assertEquals(CacheOutcome.MISS, bypassed.outcome());
    assertEquals("v1", after.body(), "the bypassed response did not replace the stored one");
    assertEquals(CacheOutcome.HIT, after.outcome());
    assertEquals(3, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void perRequestExpiryStoresWhatTheRulesWouldNot(TestStores store) throws Exception {
    CloseableHttpClient client = client(store);

    Clients.get(client, origin.url("/plain"));
    Result notStored = Clients.get(client, origin.url("/plain"));
    Clients.get(client, origin.url("/plain"),
        RequestCaching.normal().expireAfter(Duration.ofHours(1)));
    Result stored = Clients.get(client, origin.url("/plain"));

    assertNotEquals(CacheOutcome.HIT, notStored.outcome());
    assertEquals(CacheOutcome.HIT, stored.outcome());
    assertEquals(3, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void modesOnANeverCachedUrlGoToTheOriginAndStoreNothing(TestStores store) throws Exception {
    CloseableHttpClient client = client(store);

    for (RequestCaching mode : List.of(RequestCaching.normal(), RequestCaching.revalidate(),
        RequestCaching.forceRefresh(), RequestCaching.bypass(),
        RequestCaching.normal().expireAfter(Duration.ofHours(1)))) {
      Result r = Clients.get(client, origin.url("/never"), mode);
      assertEquals(200, r.status(), mode.toString());
      assertEquals(CacheOutcome.MISS, r.outcome(), mode.toString());
    }
    assertEquals(5, origin.count());
    assertEquals(504, Clients.get(client, origin.url("/never"), RequestCaching.onlyIfCached())
        .status());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void asyncClientsTakeTheSameModes(TestStores store) throws Exception {
    JCacheHttpCaching caching = caching(store, b -> b.staleIfError(Duration.ofMinutes(5)));
    CloseableHttpAsyncClient client = closing(caching.newAsyncClient());

    assertEquals(CacheOutcome.CACHE_ONLY_MISS,
        Clients.get(client, origin.url("/v"), RequestCaching.onlyIfCached()).outcome());
    assertEquals(CacheOutcome.MISS, Clients.get(client, origin.url("/v")).outcome());
    assertEquals(CacheOutcome.VALIDATED,
        Clients.get(client, origin.url("/v"), RequestCaching.revalidate()).outcome());
    version.set(2);
    assertEquals("v2", Clients.get(client, origin.url("/v"), RequestCaching.forceRefresh())
        .body());
    assertEquals(CacheOutcome.HIT, Clients.get(client, origin.url("/v")).outcome());
    assertEquals(3, origin.count());
    assertEquals(1, caching.stats().hits());
    assertEquals(1, caching.stats().validated());
    assertTrue(caching.stats().count(CacheOutcome.CACHE_ONLY_MISS) == 1);
  }
}
