package io.jcachestores.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/** 90 % get, 10 % put of 1 KiB values over 10,000 keys with 1, 2 and 4 threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 2)
@Fork(1)
public class MixBenchmark {

  @Param({"sqlite", "mongodb", "dynamodb"})
  public String store;

  /** Each thread changes and writes its own value. */
  private static final ThreadLocal<byte[]> VALUE = ThreadLocal.withInitial(Fixture::value);

  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    fixture = Fixture.forBenchmark(store, params);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  private Object step() {
    String key = Fixture.randomKey();
    if (ThreadLocalRandom.current().nextInt(10) == 0) {
      fixture.cache.put(key, Fixture.changed(VALUE.get()));
      return null;
    }
    return fixture.cache.get(key);
  }

  @Benchmark
  @Threads(1)
  public Object threads1() {
    return step();
  }

  @Benchmark
  @Threads(2)
  public Object threads2() {
    return step();
  }

  @Benchmark
  @Threads(4)
  public Object threads4() {
    return step();
  }
}
