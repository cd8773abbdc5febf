package io.jcachestores.benchmarks;

import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
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

/** An atomic counter increment through {@code Cache.invoke} on 100 counters. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 2)
@Fork(1)
public class InvokeBenchmark {

  @Param({"sqlite", "mongodb", "dynamodb", "ehcache", "caffeine"})
  public String store;

  private Fixture fixture;
  private Cache<String, Long> counters;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(store, false);
    counters = fixture.manager.createCache("counters",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Long increment() {
    return counters.invoke("counter-" + ThreadLocalRandom.current().nextInt(100),
        Increment.INSTANCE);
  }

  /** Adds one to the counter (absent reads as zero) and returns the new value. */
  static final class Increment implements EntryProcessor<String, Long, Long>, Serializable {
    static final Increment INSTANCE = new Increment();
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(MutableEntry<String, Long> entry, Object... arguments) {
      long next = (entry.exists() ? entry.getValue() : 0L) + 1;
      entry.setValue(next);
      return next;
    }
  }
}
