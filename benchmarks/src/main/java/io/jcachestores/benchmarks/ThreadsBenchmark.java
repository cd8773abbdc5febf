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

/**
 * Get, put and a 90 % get / 10 % put mix of 1 KiB values over 10,000 keys with 1, 2 and 4
 * threads (total ops/s): our cache on each store, and Ehcache's disk tier as the peer.
 * {@code sqlite-full} is SQLite with {@code synchronous=FULL}, where every commit waits for the
 * disk, so that group commit's saving (one wait for a whole group) shows. Warm-up is 3 × 2 s, as
 * in {@link StoreBenchmark}: a server in a JVM of its own is cold when the first case starts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ThreadsBenchmark {

  @Param({"sqlite", "sqlite-full", "mongodb", "dynamodb", "ehcache"})
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

  private byte[] get() {
    return fixture.cache.get(Fixture.randomKey());
  }

  private Object put() {
    fixture.cache.put(Fixture.randomKey(), Fixture.changed(VALUE.get()));
    return null;
  }

  private Object mix() {
    return ThreadLocalRandom.current().nextInt(10) == 0 ? put() : get();
  }

  @Benchmark
  @Threads(1)
  public Object get1() {
    return get();
  }

  @Benchmark
  @Threads(2)
  public Object get2() {
    return get();
  }

  @Benchmark
  @Threads(4)
  public Object get4() {
    return get();
  }

  @Benchmark
  @Threads(1)
  public Object put1() {
    return put();
  }

  @Benchmark
  @Threads(2)
  public Object put2() {
    return put();
  }

  @Benchmark
  @Threads(4)
  public Object put4() {
    return put();
  }

  @Benchmark
  @Threads(1)
  public Object mix1() {
    return mix();
  }

  @Benchmark
  @Threads(2)
  public Object mix2() {
    return mix();
  }

  @Benchmark
  @Threads(4)
  public Object mix4() {
    return mix();
  }
}
