package io.jcachestores.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.CacheManager;
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
 * SQLite get latency of a random present key with 10^3, 10^5 and 10^6 entries stored
 * ({@link ScaleData}): through our cache ({@code ours}) and through {@link RawSqlite} on its plain
 * table in the same file ({@code raw}), which is how the latency grows in SQLite itself. The
 * file is read once before each trial, so that every case starts with it in the OS page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
@Fork(1)
public class ScaleBenchmark {

  @Param({"1000", "100000", "1000000"})
  public int entries;

  @Param({"ours", "raw"})
  public String impl;

  private AutoCloseable opened;
  private Function<String, byte[]> reader;

  @Setup(Level.Trial)
  public void setUp() {
    Path file = ScaleData.file(entries);
    ScaleData.warm(file);
    switch (impl) {
      case "ours" -> {
        CacheManager manager = ScaleData.open(entries);
        opened = manager;
        reader = ScaleData.cache(manager)::get;
      }
      case "raw" -> {
        RawSqlite raw = new RawSqlite(file);
        opened = raw;
        reader = raw::get;
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    opened.close();
  }

  @Benchmark
  public byte[] get() {
    return reader.apply(Fixture.key(ThreadLocalRandom.current().nextInt(entries)));
  }
}
