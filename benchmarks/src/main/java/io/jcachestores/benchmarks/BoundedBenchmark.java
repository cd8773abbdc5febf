package io.jcachestores.benchmarks;

import io.jcachestores.StoreConfiguration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Bounded caches (issue 13) against unbounded ones, single thread, 1 KiB values: {@code get} and
 * {@code put} over 10,000 keys that all fit the budget (what recency marking and the budget check
 * cost), and {@code putNew}, a new key on every put (the bounded cache evicting all along, the
 * unbounded one growing). {@code maxEntries} 0 is unbounded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BoundedBenchmark {

  @Param({"sqlite", "mongodb"})
  public String store;

  @Param({"0", "20000"})
  public long maxEntries;

  private Fixture fixture;
  private Cache<String, byte[]> cache;
  private byte[] value;
  private final AtomicLong fresh = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(store, false);
    cache = fixture.manager.createCache("bounded", new StoreConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class).setMaxEntries(maxEntries));
    value = Fixture.value();
    Fixture.fill(Fixture.KEYS, Fixture::value, cache::putAll);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public byte[] get() {
    return cache.get(Fixture.randomKey());
  }

  @Benchmark
  public void put() {
    cache.put(Fixture.randomKey(), Fixture.changed(value));
  }

  @Benchmark
  public void putNew() {
    cache.put("new-" + fresh.incrementAndGet(), Fixture.changed(value));
  }
}
