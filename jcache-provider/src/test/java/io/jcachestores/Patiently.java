package io.jcachestores;

import io.jcachestores.spi.StoreException;
import java.util.function.Supplier;

/**
 * Runs a test's setup against a store opened with the short timeout under test, retrying the
 * calls that a loaded machine made time out: the test's patience, separate from the product
 * timeout it checks.
 */
public final class Patiently {

  /** How long setup may keep retrying. */
  private static final long PATIENCE_NANOS = 120_000_000_000L;

  private Patiently() {}

  /**
   * Returns what {@code setup} returns, calling it again while it throws a {@link StoreException}
   * that {@link StoreException#timedOut() timed out}, for up to two minutes; any other failure,
   * and the last time-out, is thrown.
   */
  public static <T> T retry(Supplier<T> setup) {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (true) {
      try {
        return setup.get();
      } catch (StoreException e) {
        if (!e.timedOut() || System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
    }
  }
}
