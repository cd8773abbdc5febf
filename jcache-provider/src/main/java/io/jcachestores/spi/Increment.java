package io.jcachestores.spi;

import java.util.Objects;

/**
 * One atomic addition to a stored counter, as {@link Store#increment} receives it: what to add,
 * the time that tells a live entry from an expired one, and the expiry times the JCache layer
 * decided beforehand for each outcome. The store decides nothing itself: it compares
 * {@code expiresAt} with {@link #now} as it is told, and stores the sum in the readable form of
 * a {@link Long} ({@link ReadableForm}), so that the codec reads it back as a {@code Long}.
 *
 * @param delta what to add (negative to subtract)
 * @param now epoch milliseconds: an entry with {@code expiresAt <= now} counts as absent
 * @param expiresIfCreated the expiry time of an entry the increment creates ({@link StoreEntry#NEVER}
 *     for eternal)
 * @param expiresIfUpdated the new expiry time of a live entry the increment updates, or
 *     {@link #KEEP} to keep the one it has
 */
public record Increment(long delta, long now, long expiresIfCreated, long expiresIfUpdated) {

  /** The {@link #expiresIfUpdated} that keeps a live entry's expiry time. */
  public static final long KEEP = Long.MIN_VALUE;

  /**
   * The outcome of an increment.
   *
   * @param before the entry stored before (null if there was none; it may be expired)
   * @param after the entry stored now, whose value is the readable form of the sum
   */
  public record Result(StoreEntry before, StoreEntry after) {

    /** Creates a result; {@code after} is required. */
    public Result {
      Objects.requireNonNull(after, "after");
    }

    /** Returns the counter's value after the increment. */
    public long value() {
      return (Long) ReadableForm.of(after.value());
    }

    /** Returns whether the increment created the entry (there was no live one before). */
    public boolean created(long now) {
      return before == null || before.isExpiredAt(now);
    }
  }

  /** Returns the expiry time of a live entry that expired at {@code current} once updated. */
  public long updatedExpiry(long current) {
    return expiresIfUpdated == KEEP ? current : expiresIfUpdated;
  }

  /**
   * Returns the entry to store in place of {@code current} (under key {@code key}): the sum
   * updating a live counter, {@code delta} creating an absent or expired entry; or
   * {@code current} itself, unchanged, when its live value is not a {@link Long}'s readable form.
   * This is what {@link Store#increment}'s default runs inside {@link Store#compute}; a native
   * implementation must give the same results.
   *
   * @throws ArithmeticException if the sum overflows a {@code long}
   */
  public StoreEntry apply(byte[] key, StoreEntry current) {
    if (current == null || current.isExpiredAt(now)) {
      return new StoreEntry(key, ReadableForm.bytes(delta), expiresIfCreated);
    }
    if (!(ReadableForm.of(current.value()) instanceof Long value)) {
      return current;
    }
    return current.with(ReadableForm.bytes(Math.addExact(value, delta)),
        updatedExpiry(current.expiresAt()));
  }

  /** Returns the smallest stored value this increment can add to without overflowing. */
  public long lowestOperand() {
    return delta < 0 ? Long.MIN_VALUE - delta : Long.MIN_VALUE;
  }

  /** Returns the largest stored value this increment can add to without overflowing. */
  public long highestOperand() {
    return delta > 0 ? Long.MAX_VALUE - delta : Long.MAX_VALUE;
  }
}
