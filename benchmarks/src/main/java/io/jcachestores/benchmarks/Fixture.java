package io.jcachestores.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.impl.config.persistence.CacheManagerPersistenceConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One store (or peer) opened for a benchmark trial: our JCache cache on it, and where there is
 * one the raw driver on the same server. Stores: {@code sqlite} ({@code sqlite-full}: with
 * {@code synchronous=FULL}), {@code mongodb}, {@code dynamodb}; peers: {@code ehcache}
 * (disk-persistent tier, 100 entries on heap) and {@code caffeine} (in memory, the upper bound).
 * The MongoDB and DynamoDB servers are those {@code MONGODB_URI} and {@code DYNAMODB_ENDPOINT}
 * name ({@code bin/bench} starts each in its own JVM, so that client and server do not share JIT
 * and GC), else started in this JVM on loopback.
 */
final class Fixture implements AutoCloseable {

  /** Our provider, always picked by class: several providers are on the classpath. */
  static final String OURS = "io.jcachestores.StoreCachingProvider";
  static final String EHCACHE = "org.ehcache.jsr107.EhcacheCachingProvider";
  static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  /** Keys preloaded and read, as in the baselines of shared/notes/stores.md. */
  static final int KEYS = 10_000;
  static final int VALUE_SIZE = 1024;

  final CacheManager manager;
  final Cache<String, byte[]> cache;
  final RawStore raw;
  private final List<AutoCloseable> resources = new ArrayList<>();

  private Fixture(CacheManager manager, Cache<String, byte[]> cache, RawStore raw,
      List<AutoCloseable> resources) {
    this.manager = manager;
    this.cache = cache;
    this.raw = raw;
    this.resources.addAll(resources);
  }

  /** Opens {@code name}; with {@code withRaw} the raw driver too (stores only). */
  static Fixture open(String name, boolean withRaw) {
    List<AutoCloseable> resources = new ArrayList<>();
    Path dir = tempDir(name);
    resources.add(() -> deleteTree(dir));
    CacheManager manager;
    RawStore raw = null;
    switch (name) {
      case "sqlite", "sqlite-full" -> {
        Path file = dir.resolve("bench.db");
        Properties options = new Properties();
        if (name.equals("sqlite-full")) {
          options.setProperty("synchronous", "FULL");
        }
        manager = ours(URI.create("sqlite:" + file), options);
        if (withRaw) {
          raw = new RawSqlite(file);
        }
      }
      case "mongodb" -> {
        MongoTestServer server = MongoTestServer.start();
        resources.add(server);
        manager = ours(URI.create(server.uri()), new Properties());
        if (withRaw) {
          String uri = server.uri();
          raw = new RawMongo(uri, uri.substring(uri.lastIndexOf('/') + 1));
        }
      }
      case "dynamodb" -> {
        // an external endpoint if one is named, else a private DynamoDB Local in this JVM
        DynamoLocal local = System.getenv(DynamoLocal.ENDPOINT_VARIABLE) != null
            ? DynamoLocal.shared() : DynamoLocal.startLocal();
        resources.add(local);
        manager = ours(local.uri(DynamoLocal.freshTable("bench"), "createIfNotExists=true"),
            local.properties());
        if (withRaw) {
          raw = new RawDynamo(local.client(), DynamoLocal.freshTable("raw"));
        }
      }
      case "ehcache" -> manager = ehcache(dir);
      case "caffeine" -> manager = Caching.getCachingProvider(CAFFEINE).getCacheManager();
      default -> throw new IllegalArgumentException("unknown store " + name);
    }
    Cache<String, byte[]> cache = "ehcache".equals(name) ? manager.getCache("bench",
        String.class, byte[].class) : manager.createCache("bench",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    resources.add(0, manager);
    return new Fixture(manager, cache, raw, resources);
  }

  /** Opens our CacheManager on {@code uri}. */
  static CacheManager ours(URI uri, Properties properties) {
    CachingProvider provider = Caching.getCachingProvider(OURS);
    return provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties);
  }

  /** Ehcache 3 through its JCache API, with a persistent disk tier under {@code dir}. */
  private static CacheManager ehcache(Path dir) {
    EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching.getCachingProvider(EHCACHE);
    CacheManager manager = provider.getCacheManager(URI.create("ehcache-" + dir.getFileName()),
        ConfigurationBuilder.newConfigurationBuilder()
            .withService(new CacheManagerPersistenceConfiguration(dir.resolve("ehcache").toFile()))
            .build());
    manager.createCache("bench", Eh107Configuration.fromEhcacheCacheConfiguration(
        CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
            ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(100, EntryUnit.ENTRIES)
                .disk(2, MemoryUnit.GB, true))));
    return manager;
  }

  /**
   * Opens {@code name} for the benchmark method of {@code params} and preloads the side that
   * method uses: the raw driver's table for methods named {@code raw...}, our cache otherwise.
   */
  static Fixture forBenchmark(String name, BenchmarkParams params) {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    boolean raw = method.startsWith("raw");
    Fixture fixture = open(name, raw);
    fixture.preload(!raw, raw);
    return fixture;
  }

  /** Fills the cache (and the raw table if asked) with {@link #KEYS} values of 1 KiB. */
  void preload(boolean cacheToo, boolean rawToo) {
    fill(KEYS, Fixture::value, batch -> {
      if (cacheToo) {
        cache.putAll(batch);
      }
      if (rawToo && raw != null) {
        raw.putAll(batch);
      }
    });
  }

  /**
   * Hands {@code sink} the entries {@code key(0)} to {@code key(entries - 1)}, values taken from
   * {@code values}, in maps of at most 1,000 (one map, reused: the sink must not keep it).
   */
  static void fill(int entries, Supplier<byte[]> values, Consumer<Map<String, byte[]>> sink) {
    Map<String, byte[]> batch = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      batch.put(key(i), values.get());
      if (batch.size() == 1000 || i == entries - 1) {
        sink.accept(batch);
        batch.clear();
      }
    }
  }

  static String key(int i) {
    return "key-" + i;
  }

  static String randomKey() {
    return key(ThreadLocalRandom.current().nextInt(KEYS));
  }

  static byte[] value() {
    byte[] value = new byte[VALUE_SIZE];
    ThreadLocalRandom.current().nextBytes(value);
    return value;
  }

  /**
   * Overwrites the first 8 bytes of {@code value} with random ones and returns it, so that a
   * write stores bytes different from those already stored: SQLite skips writing a row whose
   * bytes did not change, which would make repeated writes of one value look cheaper than any
   * real write.
   */
  static byte[] changed(byte[] value) {
    ByteBuffer.wrap(value).putLong(0, ThreadLocalRandom.current().nextLong());
    return value;
  }

  /** {@link #changed Changes} every value of {@code batch} and returns it. */
  static Map<String, byte[]> changed(Map<String, byte[]> batch) {
    batch.values().forEach(Fixture::changed);
    return batch;
  }

  /**
   * Starts a loopback origin on a free port, served by {@code threads} threads, that answers
   * every request with 1 KiB cacheable for an hour after {@code delayMillis} (0: at once) and
   * counts it in {@code served}.
   */
  static HttpServer origin(int threads, long delayMillis, AtomicInteger served)
      throws IOException {
    return origin(threads, delayMillis, served, "application/octet-stream", value());
  }

  /** {@link #origin(int, long, AtomicInteger)} answering {@code body} of {@code contentType}. */
  static HttpServer origin(int threads, long delayMillis, AtomicInteger served,
      String contentType, byte[] body) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      served.incrementAndGet();
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.getResponseHeaders().add("Cache-Control", "public, max-age=3600");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.start();
    return server;
  }

  /** GETs {@code url} with {@code http} and returns the body. */
  static byte[] get(CloseableHttpClient http, String url) {
    try {
      return http.execute(new HttpGet(url), response -> EntityUtils.toByteArray(
          response.getEntity()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDir(String name) {
    try {
      Path base = Path.of(System.getProperty("bench.dir", "target/bench-data"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base.toAbsolutePath(), name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    if (raw != null) {
      raw.close();
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("close failed: " + e);
      }
    }
  }
}
