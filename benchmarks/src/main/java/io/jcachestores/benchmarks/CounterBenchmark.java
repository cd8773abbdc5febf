package io.jcachestores.benchmarks;

import io.jcachestores.KeyValueCache;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
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
 * An atomic counter: {@link KeyValueCache#increment} (one store round trip on MongoDB and
 * DynamoDB) against the {@code invoke} counter of {@link InvokeBenchmark} (a read and a
 * compare-and-set, retried when another writer wins), in the same run. {@code spread} is how
 * many counters the calls spread over: 100 (run single-threaded: no contention) or 1 (run with
 * {@code -t 4}: every call contends for one counter, as a hit counter or rate limiter does).
 * The warm-up is long because the in-process servers keep speeding up for about ten seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CounterBenchmark {

  @Param({"sqlite", "mongodb", "dynamodb"})
  public String store;

  @Param({"100"})
  public int spread;

  private Fixture fixture;
  private KeyValueCache<String, Long> counters;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    fixture = Fixture.open(store, false);
    counters = fixture.manager.createCache("counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class))
        .unwrap(KeyValueCache.class);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  private String counter() {
    return "counter-" + ThreadLocalRandom.current().nextInt(spread);
  }

  @Benchmark
  public long increment() {
    return counters.increment(counter(), 1);
  }

  @Benchmark
  public Long invoke() {
    return counters.invoke(counter(), InvokeBenchmark.Increment.INSTANCE);
  }
}
