package io.jcachestores.cli;

import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Shows how far a scan of the whole cache got ("stats: 1500 of 5000 entries"; the total only
 * where the store counts cheaply), on one line of standard error rewritten at most ten times a
 * second, and erased at the end. Only on an interactive terminal: in a pipe, a file or a CI log
 * the rewritten line would only be noise.
 */
final class Progress implements LongConsumer, AutoCloseable {

  private static final long EVERY_NANOS = 100_000_000;

  private final String what;
  private final String total;
  private final boolean enabled;
  private long lastShown = System.nanoTime();
  private boolean shown;

  Progress(String what, OptionalLong total) {
    this.what = what;
    this.total = total.isPresent() ? " of " + total.getAsLong() : "";
    this.enabled = System.console() != null;
  }

  @Override
  public void accept(long scanned) {
    long now = System.nanoTime();
    if (enabled && now - lastShown >= EVERY_NANOS) {
      System.err.print("\r" + what + ": " + scanned + total + " entries");
      System.err.flush();
      lastShown = now;
      shown = true;
    }
  }

  /** Erases the progress line. */
  @Override
  public void close() {
    if (shown) {
      System.err.print("\r\033[K");
      System.err.flush();
    }
  }
}
