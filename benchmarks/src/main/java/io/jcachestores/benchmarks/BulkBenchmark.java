package io.jcachestores.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code getAll} / {@code putAll} of 100 and 1,000 entries versus a loop of single
 * {@code get} / {@code put} over the same keys, for our cache and, in the {@code raw...} methods,
 * for the store's own driver ({@link RawStore}) on the same key sets and batches: the raw ratio
 * is what the store itself allows. One operation is one batch; the summary turns batches per
 * second into entries per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 2, time = 2)
@Fork(1)
public class BulkBenchmark {

  private static final int SETS = 8;

  @Param({"sqlite", "mongodb", "dynamodb"})
  public String store;

  @Param({"100", "1000"})
  public int size;

  private Fixture fixture;
  private final List<Set<String>> keySets = new ArrayList<>();
  private final List<Map<String, byte[]>> batches = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    fixture = Fixture.forBenchmark(store, params);
    for (int s = 0; s < SETS; s++) {
      Set<String> keys = new LinkedHashSet<>();
      while (keys.size() < size) {
        keys.add(Fixture.key(ThreadLocalRandom.current().nextInt(Fixture.KEYS)));
      }
      keySets.add(keys);
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (String key : keys) {
        batch.put(key, Fixture.value());
      }
      batches.add(batch);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  private int nextSet() {
    next = (next + 1) % SETS;
    return next;
  }

  @Benchmark
  public Map<String, byte[]> getAll() {
    return fixture.cache.getAll(keySets.get(nextSet()));
  }

  @Benchmark
  public void getLoop(Blackhole hole) {
    keySets.get(nextSet()).forEach(key -> hole.consume(fixture.cache.get(key)));
  }

  @Benchmark
  public void putAll() {
    fixture.cache.putAll(Fixture.changed(batches.get(nextSet())));
  }

  @Benchmark
  public void putLoop() {
    Fixture.changed(batches.get(nextSet())).forEach(fixture.cache::put);
  }

  @Benchmark
  public Map<String, byte[]> rawGetAll() {
    return fixture.raw.getAll(keySets.get(nextSet()));
  }

  @Benchmark
  public void rawGetLoop(Blackhole hole) {
    keySets.get(nextSet()).forEach(key -> hole.consume(fixture.raw.get(key)));
  }

  @Benchmark
  public void rawPutAll() {
    fixture.raw.putAll(Fixture.changed(batches.get(nextSet())));
  }

  @Benchmark
  public void rawPutLoop() {
    Fixture.changed(batches.get(nextSet())).forEach(fixture.raw::put);
  }
}
