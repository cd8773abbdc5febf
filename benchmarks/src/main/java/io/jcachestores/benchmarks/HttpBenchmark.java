package io.jcachestores.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jcachestores.http.JCacheHttpCaching;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.cache.BasicHttpCacheStorage;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
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
 * A GET of a cacheable 1 KiB response from a loopback origin through a classic
 * {@code CloseableHttpClient}: a cache hit with our storage on SQLite ({@code sqlite}), a hit
 * with httpclient5-cache's in-memory {@code BasicHttpCacheStorage} ({@code memory}), and the
 * uncached round trip ({@code none}). The origin (a JDK {@code HttpServer}) sets TCP_NODELAY: it
 * writes headers and body separately, and without it Nagle's algorithm held the body back until
 * the client's delayed ACK, 40 ms per uncached request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
// prepend, not append: a -jvmArgsAppend on the command line (bin/bench) replaces the annotation's
@Fork(value = 1, jvmArgsPrepend = "-Dsun.net.httpserver.nodelay=true")
public class HttpBenchmark {

  @Param({"sqlite", "memory", "none"})
  public String client;

  private HttpServer server;
  private CloseableHttpClient http;
  private JCacheHttpCaching caching;
  private Path dir;
  private String url;
  private final AtomicInteger served = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = Fixture.origin(2, 0, served);
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
    dir = Fixture.tempDir("http");
    switch (client) {
      case "sqlite" -> {
        caching = JCacheHttpCaching.builder().store("sqlite:" + dir.resolve("http.db")).build();
        http = caching.newClassicClient();
      }
      case "memory" -> http = CachingHttpClients.custom()
          .setCacheConfig(CacheConfig.DEFAULT)
          .setHttpCacheStorage(new BasicHttpCacheStorage(CacheConfig.DEFAULT))
          .build();
      case "none" -> http = HttpClients.createDefault();
      default -> throw new IllegalArgumentException(client);
    }
    fetch();  // the miss that fills the cache
    fetch();
    if (!"none".equals(client) && served.get() != 1) {
      throw new IllegalStateException(client + ": the second GET was not a cache hit");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    http.close();
    if (caching != null) {
      caching.close();
    }
    server.stop(0);
    Fixture.deleteTree(dir);
  }

  @Benchmark
  public byte[] fetch() {
    return Fixture.get(http, url);
  }
}
