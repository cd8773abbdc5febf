package io.jcachestores.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Single-thread get and put of 1 KiB values over 10,000 keys: the raw driver on a plain table of
 * the store versus our {@code Cache.get} / {@code Cache.put} on the same store, started the same
 * way in the same kind of JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreBenchmark {

  @Param({"sqlite", "mongodb", "dynamodb"})
  public String store;

  private Fixture fixture;
  private byte[] value;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    fixture = Fixture.forBenchmark(store, params);
    value = Fixture.value();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] rawGet() {
    return fixture.raw.get(Fixture.randomKey());
  }

  @Benchmark
  public void rawPut() {
    fixture.raw.put(Fixture.randomKey(), Fixture.changed(value));
  }

  @Benchmark
  public byte[] get() {
    return fixture.cache.get(Fixture.randomKey());
  }

  @Benchmark
  public void put() {
    fixture.cache.put(Fixture.randomKey(), Fixture.changed(value));
  }
}
