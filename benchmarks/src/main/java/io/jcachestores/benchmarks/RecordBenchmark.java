package io.jcachestores.benchmarks;

import io.jcachestores.Serializer;
import io.jcachestores.StoreConfiguration;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
 * Single-thread get and put of a small record over 1,000 keys on each store, stored as a JSON
 * document ({@code json}: {@code Serializer.json}) or through the codec's allowlisted Java
 * serialization ({@code java}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecordBenchmark {

  /** A typical cached object: a few strings, numbers and a list. */
  public record Customer(String id, String name, String email, long visits, double balance,
      List<String> tags) implements Serializable {}

  private static final int RECORDS = 1_000;

  @Param({"sqlite", "mongodb", "dynamodb"})
  public String store;

  @Param({"json", "java"})
  public String serializer;

  private Fixture fixture;
  private Cache<String, Customer> cache;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(store, false);
    StoreConfiguration<String, Customer> config = new StoreConfiguration<String, Customer>()
        .setTypes(String.class, Customer.class);
    if ("json".equals(serializer)) {
      config.serializer(Serializer.json(Customer.class));
    }
    cache = fixture.manager.createCache("records", config);
    for (int i = 0; i < RECORDS; i++) {
      cache.put(Fixture.key(i), customer(i));
    }
  }

  private static Customer customer(int i) {
    return new Customer("c-" + i, "Customer " + i, "customer" + i + "@example.com", i,
        i * 1.25, List.of("retail", "newsletter"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Customer get() {
    return cache.get(Fixture.key(ThreadLocalRandom.current().nextInt(RECORDS)));
  }

  @Benchmark
  public void put() {
    int i = ThreadLocalRandom.current().nextInt(RECORDS);
    cache.put(Fixture.key(i), customer(i));
  }
}
