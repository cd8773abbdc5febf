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
 * The same get / put workload as {@link StoreBenchmark} on the caches users would pick instead:
 * Ehcache 3 with a disk-persistent tier and Caffeine (in memory), both through their JCache API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PeerBenchmark {

  @Param({"ehcache", "caffeine"})
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
  public byte[] get() {
    return fixture.cache.get(Fixture.randomKey());
  }

  @Benchmark
  public void put() {
    fixture.cache.put(Fixture.randomKey(), Fixture.changed(value));
  }
}
