package io.jcachestores.benchmarks;

import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Runs a benchmark's server in a JVM of its own, so that it does not share JIT and GC with the
 * client being measured: {@code mongodb} (mongo-java-server, memory backend) or {@code dynamodb}
 * (DynamoDB Local in memory, no telemetry) on a free loopback port, until the process that
 * started it ends. Once the server is warmed up it prints its address on a line of its own, after
 * {@code "address "}: a {@code mongodb://} URI or an {@code http://} endpoint (DynamoDB Local
 * prints a banner of its own first).
 */
public final class StoreServer {

  private static final Duration WARM_UP = Duration.ofSeconds(15);

  private StoreServer() {
  }

  /** Entry point: {@code mongodb} or {@code dynamodb}. */
  public static void main(String[] args) throws Exception {
    AutoCloseable stop;
    switch (args[0]) {
      case "mongodb" -> {
        MongoTestServer server = MongoTestServer.startInProcess();
        stop = server;
        String uri = server.uri();
        warmUp(new RawMongo(uri, uri.substring(uri.lastIndexOf('/') + 1)),
            Fixture.ours(URI.create(uri), new Properties()));
        System.out.println("address " + uri);
      }
      case "dynamodb" -> {
        DynamoLocal server = DynamoLocal.startLocal();
        stop = server;
        warmUp(new RawDynamo(server.client(), DynamoLocal.freshTable("warm-up")),
            Fixture.ours(server.uri(DynamoLocal.freshTable("warm-up"), "createIfNotExists=true"),
                server.properties()));
        System.out.println("address " + server.endpoint());
      }
      default -> throw new IllegalArgumentException("unknown server " + args[0]);
    }
    // runs as long as the process that started it (bin/bench), however that ends
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().join());
    stop.close();
    System.exit(0);  // DynamoDB Local leaves threads behind that would keep this JVM running
  }

  /**
   * Puts and gets through {@code raw} and through our cache on {@code ours}, in turn, for
   * {@link #WARM_UP}, so that the server's JIT is warm when the first benchmark case starts (that
   * case's own warm-up is too short for a cold server), and warm alike for both: their requests
   * differ (our reads have a projection on MongoDB, our items more attributes on DynamoDB), and a
   * server warmed with the raw driver's alone made the first of our cases run on colder code.
   */
  private static void warmUp(RawStore raw, CacheManager ours) {
    byte[] value = Fixture.value();
    long end = System.nanoTime() + WARM_UP.toNanos();
    try (raw; ours) {
      Cache<String, byte[]> cache = ours.createCache("warm-up",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      while (System.nanoTime() < end) {
        raw.put(Fixture.randomKey(), Fixture.changed(value));
        raw.get(Fixture.randomKey());
        cache.put(Fixture.randomKey(), Fixture.changed(value));
        cache.get(Fixture.randomKey());
      }
    }
  }
}
