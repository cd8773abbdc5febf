package io.jcachestores.cli;

import java.util.function.LongConsumer;

/**
 * Shows how many entries a long scan went through, on one rewritten line of standard error, only
 * when it is a terminal and the output is readable text.
 */
final class Progress implements LongConsumer, AutoCloseable {

  private static final long EVERY = 500;

  private final String what;
  private final boolean enabled;
  private boolean shown;

  Progress(String what, Output output) {
    this.what = what;
    this.enabled = !output.json() && System.console() != null;
  }

  @Override
  public void accept(long scanned) {
    if (enabled && scanned % EVERY == 0) {
      System.err.print("\r" + what + ": " + scanned + " entries scanned");
      System.err.flush();
      shown = true;
    }
  }

  /** Clears the progress line. */
  @Override
  public void close() {
    if (shown) {
      System.err.print("\r\033[K");
      System.err.flush();
    }
  }
}
