package io.jcachestores.store.dynamodb;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter until a deadline, for items DynamoDB left unprocessed in a
 * batch (it does so when throttled). Not thread-safe: one per retry loop.
 */
final class Backoff {

  private static final long FIRST_MILLIS = 20;
  private static final long MAX_MILLIS = 1_000;

  private final long deadline;
  private long next = FIRST_MILLIS;

  /** Starts a backoff that gives up {@code timeout} from now. */
  Backoff(Duration timeout) {
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Waits before the next attempt: a random time between half and all of the current delay,
   * which doubles each time up to a second, and never past the deadline.
   *
   * @return false if the deadline has passed (nothing was waited for)
   * @throws InterruptedException if interrupted while waiting
   */
  boolean pause() throws InterruptedException {
    long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    if (remaining <= 0) {
      return false;
    }
    long delay = ThreadLocalRandom.current().nextLong(next / 2, next + 1);
    next = Math.min(MAX_MILLIS, next * 2);
    Thread.sleep(Math.min(delay, remaining));
    return true;
  }
}
