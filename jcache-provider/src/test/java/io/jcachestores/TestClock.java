package io.jcachestores;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, handed to a CacheManager through its
 * {@code clock} option, so that expiry tests move time instead of editing stored rows.
 */
public final class TestClock extends Clock {

  private final AtomicLong millis;

  /** Creates a clock showing the current time. */
  public TestClock() {
    this.millis = new AtomicLong(System.currentTimeMillis());
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock has one zone");
  }
}
