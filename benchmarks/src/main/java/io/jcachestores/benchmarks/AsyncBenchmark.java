package io.jcachestores.benchmarks;

import io.jcachestores.AsyncKeyValueCache;
import io.jcachestores.KeyValueCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Gets of 1 KiB values over 10,000 keys from one caller thread, 64 at a time: one after the other
 * through the synchronous cache, or all 64 outstanding at once through
 * {@link KeyValueCache#async()} (the manager's bounded executor) and then awaited.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AsyncBenchmark {

  private static final int OUTSTANDING = 64;

  @Param({"mongodb", "dynamodb"})
  public String store;

  private Fixture fixture;
  private AsyncKeyValueCache<String, byte[]> async;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp(BenchmarkParams params) {
    fixture = Fixture.forBenchmark(store, params);
    async = fixture.cache.unwrap(KeyValueCache.class).async();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  @OperationsPerInvocation(OUTSTANDING)
  public int sync() {
    int found = 0;
    for (int i = 0; i < OUTSTANDING; i++) {
      found += fixture.cache.get(Fixture.randomKey()) != null ? 1 : 0;
    }
    return found;
  }

  @Benchmark
  @OperationsPerInvocation(OUTSTANDING)
  public int async() {
    @SuppressWarnings("unchecked")
    CompletableFuture<byte[]>[] gets = new CompletableFuture[OUTSTANDING];
    for (int i = 0; i < OUTSTANDING; i++) {
      gets[i] = async.get(Fixture.randomKey()).toCompletableFuture();
    }
    int found = 0;
    for (CompletableFuture<byte[]> get : gets) {
      found += get.join() != null ? 1 : 0;
    }
    return found;
  }
}
