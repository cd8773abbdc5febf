package io.jcachestores.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jcachestores.StoreCachingProvider;
import io.jcachestores.StoreConfiguration;
import io.jcachestores.http.JCacheHttpCaching;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
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
 * An HTTP cache hit on SQLite (a 1 KiB response through a classic client, as in
 * {@link HttpBenchmark}) with the response stored as a readable document ({@code documents}, a
 * cache of {@code Object} values) or as httpclient5-cache's bytes ({@code bytes}, a
 * {@code Cache<String, byte[]>}: the form before issue 16), with and without the decoded-entry
 * memory, for a text body and a binary one. {@code fetch} is the whole hit through the client;
 * {@code storageHit} only what changed with the stored form, the storage's {@code getEntry}
 * (read the store, decode).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = "-Dsun.net.httpserver.nodelay=true")
public class DocumentBenchmark {

  @Param({"documents", "bytes"})
  public String form;

  /** The decoded-entry memory: 16 MiB (the default) or none. */
  @Param({"16777216", "0"})
  public long decodedCacheSize;

  @Param({"text", "binary"})
  public String body;

  private HttpServer server;
  private CacheManager manager;
  private JCacheHttpCaching caching;
  private CloseableHttpClient http;
  private Path dir;
  private String url;
  private String key;
  private final AtomicInteger served = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = "text".equals(body)
        ? Fixture.origin(2, 0, served, "application/json",
            ("{\"items\":\"" + "x".repeat(Fixture.VALUE_SIZE - 13) + "\"}")
                .getBytes(StandardCharsets.UTF_8))
        : Fixture.origin(2, 0, served);
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
    dir = Fixture.tempDir("documents");
    StoreCachingProvider provider = new StoreCachingProvider();
    manager = provider.getCacheManager(URI.create("sqlite:" + dir.resolve("http.db")),
        provider.getDefaultClassLoader());
    Cache<String, ?> cache = "documents".equals(form)
        ? manager.createCache("http", new StoreConfiguration<String, Object>()
            .setTypes(String.class, Object.class))
        : manager.createCache("http", new StoreConfiguration<String, byte[]>()
            .setTypes(String.class, byte[].class));
    caching = JCacheHttpCaching.builder().cache(cache).decodedCacheSize(decodedCacheSize)
        .build();
    if (caching.storage().writesDocuments() != "documents".equals(form)) {
      throw new IllegalStateException(form + ": wrong stored form");
    }
    http = caching.newClassicClient();
    fetch();  // the miss that fills the cache
    fetch();
    if (served.get() != 1) {
      throw new IllegalStateException(form + ": the second GET was not a cache hit");
    }
    for (Cache.Entry<String, ?> e : cache) {
      key = e.getKey();  // the one response stored
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    http.close();
    caching.close();
    manager.close();
    server.stop(0);
    Fixture.deleteTree(dir);
  }

  @Benchmark
  public byte[] fetch() {
    return Fixture.get(http, url);
  }

  @Benchmark
  public HttpCacheEntry storageHit() throws ResourceIOException {
    return caching.storage().getEntry(key);
  }
}
