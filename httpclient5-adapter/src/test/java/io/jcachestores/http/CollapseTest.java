package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.http.Clients.Result;
import io.jcachestores.http.Origin.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request collapsing: identical concurrent requests make one origin call, in one process and
 * across processes sharing a store; a process dying mid-fetch holds the others back only until
 * its lease expires.
 */
class CollapseTest extends OriginTest {

  private static final int THREADS = 32;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopCallers() {
    pool.shutdownNow();
  }

  private CloseableHttpClient classic(JCacheHttpCaching caching, int connections) {
    return closing(caching.classicBuilder()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(connections).setMaxConnTotal(connections).build())
        .build());
  }

  /** Runs {@code request} from {@code n} threads released at once; returns the outcomes. */
  private Map<CacheOutcome, Integer> concurrently(int n, Callable<Result> request,
      Runnable started) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Result>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return request.call();
      }));
    }
    start.countDown();
    started.run();
    Map<CacheOutcome, Integer> outcomes = new TreeMap<>();
    for (Future<Result> f : results) {
      Result r = f.get(120, TimeUnit.SECONDS);
      assertEquals(200, r.status());
      outcomes.merge(r.outcome(), 1, Integer::sum);
    }
    return outcomes;
  }

  @ParameterizedTest(name = "{0}, async {1}")
  @MethodSource(STORES_AND_CLIENTS)
  void thirtyTwoRequestsMakeOneOriginCall(TestStores store, boolean async) throws Exception {
    origin.route("/c", r -> Response.ok("shared", "Cache-Control", "max-age=60"));
    JCacheHttpCaching caching = caching(store, b -> b);
    Callable<Result> get;
    if (async) {
      CloseableHttpAsyncClient client = closing(caching.newAsyncClient());
      get = () -> Clients.get(client, origin.url("/c"));
    } else {
      CloseableHttpClient client = classic(caching, THREADS);
      get = () -> Clients.get(client, origin.url("/c"));
    }

    Map<CacheOutcome, Integer> outcomes = concurrently(THREADS, get, () -> { });

    assertEquals(1, origin.count());
    assertEquals(Map.of(CacheOutcome.MISS, 1, CacheOutcome.HIT, THREADS - 1), outcomes);
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void responsesNotStoredAreFetchedByEveryRequestWithoutCollapsing(TestStores store)
      throws Exception {
    origin.route("/n", r -> Response.ok("private", "Cache-Control", "no-store"));
    CloseableHttpClient client = classic(caching(store, b -> b), THREADS);

    Map<CacheOutcome, Integer> outcomes = concurrently(THREADS,
        () -> Clients.get(client, origin.url("/n")), () -> { });

    assertEquals(Map.of(CacheOutcome.MISS, THREADS), outcomes);
    assertEquals(THREADS, origin.count());
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void twoJvmsOfSixteenThreadsMakeOneOriginCall(TestStores store) throws Exception {
    URI uri = slowOrigin(store);
    CloseableHttpClient client = classic(caching(uri, b -> b), 16);
    twoJvms(uri, () -> Clients.get(client, origin.url("/s")));
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void twoJvmsOneOfThemAsyncMakeOneOriginCall(TestStores store) throws Exception {
    URI uri = slowOrigin(store);
    CloseableHttpAsyncClient client = closing(caching(uri, b -> b).newAsyncClient());
    twoJvms(uri, () -> Clients.get(client, origin.url("/s")));
  }

  /** Routes a slow origin, so that the two processes' requests overlap; returns a new store. */
  private URI slowOrigin(TestStores store) {
    origin.route("/s", r -> {
      pause(500);
      return Response.ok("shared", "Cache-Control", "max-age=60");
    });
    return newStore(store);
  }

  /** Runs 16 requests here and 16 in a second JVM at once; checks one origin call. */
  private void twoJvms(URI uri, Callable<Result> request) throws Exception {
    Process child = SecondJvm.start(SecondJvmCollapse.class, uri.toString(), origin.url("/s"),
        "16", "10000");
    BufferedReader childOut = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", childOut.readLine());

    Map<CacheOutcome, Integer> here = concurrently(16, request, () -> go(child));
    String there = childOut.readLine();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS));

    assertEquals(1, origin.count(), "here " + here + ", there " + there);
    int hits = here.getOrDefault(CacheOutcome.HIT, 0) + count(there, "HIT");
    assertEquals(31, hits, "here " + here + ", there " + there);
  }

  @ParameterizedTest
  @MethodSource(STORES)
  void aLeaseHolderKilledMidFetchHoldsTheOthersBackOnlyUntilItsLeaseExpires(TestStores store)
      throws Exception {
    CountDownLatch childArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    origin.route("/k", r -> {
      if (childArrived.getCount() > 0) { // the child's request: never answered in its life
        childArrived.countDown();
        awaitQuietly(release);
      }
      return Response.ok("after", "Cache-Control", "max-age=60");
    });
    URI uri = newStore(store);
    // this process would wait 10 minutes for a lease: only the lease's expiry (2 s) frees it
    CloseableHttpClient client = classic(caching(uri, b -> b.collapseTimeout(Duration.ofMinutes(10))), 4);
    Process child = SecondJvm.start(SecondJvmCollapse.class, uri.toString(), origin.url("/k"),
        "1", "2000");
    BufferedReader childOut = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", childOut.readLine());
    go(child);
    assertTrue(childArrived.await(60, TimeUnit.SECONDS), "the child reached the origin");
    child.destroyForcibly();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));

    CompletableFuture<Result> after = CompletableFuture.supplyAsync(() -> {
      try {
        return Clients.get(client, origin.url("/k"));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }, pool);
    Result r = after.get(60, TimeUnit.SECONDS);
    release.countDown();

    assertEquals("after", r.body());
    assertEquals(CacheOutcome.MISS, r.outcome());
    assertEquals(2, origin.count());
  }

  private static void go(Process child) {
    try {
      OutputStream in = child.getOutputStream();
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static int count(String outcomes, String label) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + label + "=(\\d+)")
        .matcher(outcomes == null ? "" : outcomes);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
