package io.jcachestores.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jcachestores.http.JCacheHttpCaching;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 32 concurrent identical GETs of a URL nothing is stored for yet, through one classic caching
 * client on SQLite, with request collapsing on and off: the time until all 32 have their
 * response, and how many reached the origin ({@code originCalls} over {@code batches}, two
 * counters of each iteration). The origin takes
 * 20 ms per response (a nearby API), so that the requests overlap as they do in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = "-Dsun.net.httpserver.nodelay=true")
public class CollapseBenchmark {

  private static final int CONCURRENCY = 32;

  @Param({"on", "off"})
  public String collapse;

  private HttpServer server;
  private JCacheHttpCaching caching;
  private CloseableHttpClient http;
  private ExecutorService callers;
  private Path dir;
  private String base;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger batch = new AtomicInteger();

  /** Origin calls and batches, counted over each iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Calls {
    public long originCalls;
    public long batches;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = Fixture.origin(CONCURRENCY, 20, served);
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
    dir = Fixture.tempDir("collapse");
    caching = JCacheHttpCaching.builder().store("sqlite:" + dir.resolve("http.db"))
        .collapseRequests("on".equals(collapse)).build();
    http = caching.classicBuilder()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(CONCURRENCY).setMaxConnTotal(CONCURRENCY).build())
        .build();
    callers = Executors.newFixedThreadPool(CONCURRENCY);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    callers.shutdownNow();
    http.close();
    caching.close();
    server.stop(0);
    Fixture.deleteTree(dir);
  }

  /** One batch: 32 concurrent GETs of a new URL; returns when all have their response. */
  @Benchmark
  public int batchOf32(Calls calls) throws Exception {
    String url = base + batch.incrementAndGet();
    int before = served.get();
    List<Future<byte[]>> results = new ArrayList<>(CONCURRENCY);
    for (int i = 0; i < CONCURRENCY; i++) {
      results.add(callers.submit(() -> fetch(url)));
    }
    int bytes = 0;
    for (Future<byte[]> f : results) {
      bytes += f.get().length;
    }
    calls.originCalls += served.get() - before;
    calls.batches++;
    return bytes;
  }

  private byte[] fetch(String url) {
    try {
      return http.execute(new HttpGet(url), r -> EntityUtils.toByteArray(r.getEntity()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
