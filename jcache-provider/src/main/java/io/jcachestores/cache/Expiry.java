package io.jcachestores.cache;

import io.jcachestores.spi.StoreEntry;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The one place that decides when an entry expires, from the cache's {@link ExpiryPolicy}.
 *
 * <p>Each method asks the policy exactly once. As the specification and the reference
 * implementation do, a policy that throws is treated as eternal for creation and as "unchanged"
 * for access and update.
 */
final class Expiry {

  private final ExpiryPolicy policy;
  private final Duration blindWriteDuration;

  Expiry(ExpiryPolicy policy) {
    this.policy = policy;
    Class<?> type = policy.getClass();
    boolean sameForCreateAndUpdate = type == EternalExpiryPolicy.class
        || type == ModifiedExpiryPolicy.class || type == TouchedExpiryPolicy.class;
    this.blindWriteDuration = sameForCreateAndUpdate ? policy.getExpiryForCreation() : null;
  }

  /**
   * Returns the expiry time of an entry written at {@code now} whether or not it existed, or
   * {@link Long#MIN_VALUE} if that depends on the entry (or on a policy we do not know), so that
   * the write must read the entry first. Only the standard policies whose creation and update
   * expiries are the same qualify; asking them is not observable.
   */
  long forBlindWrite(long now) {
    if (blindWriteDuration == null) {
      return Long.MIN_VALUE;
    }
    long at = at(blindWriteDuration, now);
    return at <= now ? Long.MIN_VALUE : at;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /** Returns the expiry time of an entry created at {@code now}. */
  long forCreation(long now) {
    Duration d = ask(policy::getExpiryForCreation);
    return d == null ? StoreEntry.NEVER : at(d, now);
  }

  /** Returns the expiry time of an entry updated at {@code now} that expired at {@code current}. */
  long forUpdate(long now, long current) {
    Duration d = ask(policy::getExpiryForUpdate);
    return d == null ? current : at(d, now);
  }

  /** Returns the expiry time of an entry read at {@code now} that expired at {@code current}. */
  long forAccess(long now, long current) {
    Duration d = ask(policy::getExpiryForAccess);
    return d == null ? current : at(d, now);
  }

  private static Duration ask(Supplier<Duration> question) {
    try {
      return question.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns {@code timeToLive}, a time to live given with one write.
   *
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is negative
   */
  static java.time.Duration requireTimeToLive(java.time.Duration timeToLive) {
    if (Objects.requireNonNull(timeToLive, "timeToLive").isNegative()) {
      throw new IllegalArgumentException("timeToLive is negative: " + timeToLive);
    }
    return timeToLive;
  }

  /** Returns the expiry time {@code timeToLive} after {@code now}, saturating at never. */
  static long after(java.time.Duration timeToLive, long now) {
    try {
      return afterMillis(timeToLive.toMillis(), now);
    } catch (ArithmeticException e) {
      return StoreEntry.NEVER;
    }
  }

  private static long at(Duration d, long now) {
    return d.isEternal() ? StoreEntry.NEVER
        : afterMillis(d.getTimeUnit().toMillis(d.getDurationAmount()), now);
  }

  private static long afterMillis(long millis, long now) {
    long at = now + millis;
    return at < now ? StoreEntry.NEVER : at;
  }
}
