package io.jcachestores.cache;

import io.jcachestores.spi.StoreEntry;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The one place that decides when an entry expires, from the cache's {@link ExpiryPolicy}, and
 * the one place that knows the standard policies ({@link Standard}).
 *
 * <p>Each method asks the policy exactly once. As the specification and the reference
 * implementation do, a policy that throws is treated as eternal for creation and as "unchanged"
 * for access and update.
 */
final class Expiry {

  /** The standard policies of JCache, matched by their exact class (a subclass may differ). */
  enum Standard {
    ETERNAL("eternal", EternalExpiryPolicy.class, true),
    CREATED("created", CreatedExpiryPolicy.class, false),
    ACCESSED("accessed", AccessedExpiryPolicy.class, false),
    MODIFIED("modified", ModifiedExpiryPolicy.class, true),
    TOUCHED("touched", TouchedExpiryPolicy.class, true);

    /** The policy's name in a cache's stored descriptor. */
    final String label;
    private final Class<? extends ExpiryPolicy> type;
    /** Whether an entry gets the same expiry when it is created as when it is updated. */
    final boolean sameForCreateAndUpdate;

    Standard(String label, Class<? extends ExpiryPolicy> type, boolean sameForCreateAndUpdate) {
      this.label = label;
      this.type = type;
      this.sameForCreateAndUpdate = sameForCreateAndUpdate;
    }

    /** Returns the standard policy {@code policy} is, or null if it is another one. */
    static Standard of(ExpiryPolicy policy) {
      for (Standard s : values()) {
        if (policy.getClass() == s.type) {
          return s;
        }
      }
      return null;
    }

    /** Returns the standard policy labelled {@code label}, or null. */
    static Standard labelled(String label) {
      for (Standard s : values()) {
        if (s.label.equals(label)) {
          return s;
        }
      }
      return null;
    }

    /** Returns a new policy of this kind with duration {@code d} (ignored for ETERNAL). */
    ExpiryPolicy create(Duration d) {
      return switch (this) {
        case ETERNAL -> new EternalExpiryPolicy();
        case CREATED -> new CreatedExpiryPolicy(d);
        case ACCESSED -> new AccessedExpiryPolicy(d);
        case MODIFIED -> new ModifiedExpiryPolicy(d);
        case TOUCHED -> new TouchedExpiryPolicy(d);
      };
    }
  }

  private final ExpiryPolicy policy;
  private final Duration blindWriteDuration;

  Expiry(ExpiryPolicy policy) {
    this.policy = policy;
    Standard standard = Standard.of(policy);
    this.blindWriteDuration = standard != null && standard.sameForCreateAndUpdate
        ? policy.getExpiryForCreation() : null;
  }

  /**
   * Returns the expiry time of an entry written at {@code now} whether or not it existed, or
   * {@link Long#MIN_VALUE} if the write must read the entry first: when that time depends on the
   * entry (or on a policy we do not know), or when the entry would expire at once (which is an
   * EXPIRED event, not a write). A {@code timeToLive} given with the write decides alone; else
   * only the standard policies whose creation and update expiries are the same qualify (asking
   * them is not observable).
   */
  long forBlindWrite(long now, java.time.Duration timeToLive) {
    long at;
    if (timeToLive != null) {
      at = after(timeToLive, now);
    } else if (blindWriteDuration != null) {
      at = at(blindWriteDuration, now);
    } else {
      return Long.MIN_VALUE;
    }
    return at <= now ? Long.MIN_VALUE : at;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /**
   * Returns whether the policy is one of JCache's standard ones, which may be asked more than
   * the one question an operation's outcome calls for without anyone noticing.
   */
  boolean isStandard() {
    return Standard.of(policy) != null;
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

  /** Returns {@code e} read at {@code now}, with access expiry applied; {@code e} if unchanged. */
  StoreEntry accessed(StoreEntry e, long now) {
    long newExpiry = forAccess(now, e.expiresAt());
    return newExpiry == e.expiresAt() ? e : e.with(e.value(), newExpiry);
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
