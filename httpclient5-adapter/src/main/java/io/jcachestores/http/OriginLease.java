package io.jcachestores.http;

import io.jcachestores.ExpiringCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request collapsing across processes sharing a store: before going to the origin, a request
 * takes a short lease on its key in the store (an atomic put-if-absent with a time to live), so
 * that one process fetches while the others wait for the lease to go and then read the cache.
 * A holder that dies blocks the others at most until its lease expires. Leases live in the HTTP
 * cache itself under keys starting with {@value #PREFIX}, which no response key does.
 *
 * <p>Leases need the store's per-entry time to live: {@link ExpiringCache#compareAndSet}. On
 * async clients it runs on the storage executor's thread that looked the request up. A store
 * failure never fails a request: the request then goes to the origin without a lease.
 * Thread-safe.
 */
final class OriginLease {

  /** The prefix of the keys of leases. */
  static final String PREFIX = "lease:";

  private static final Logger LOG = LoggerFactory.getLogger(OriginLease.class);
  private static final long POLL_MILLIS = 50;

  private final ExpiringCache<String, Object> cache;
  private final Duration timeToLive;

  /** Creates leases living {@code timeToLive} in {@code cache}, which honours per-entry TTLs. */
  OriginLease(ExpiringCache<String, Object> cache, Duration timeToLive) {
    this.cache = cache;
    this.timeToLive = timeToLive;
  }

  /** Returns whether {@code key} is the key of a lease, not of a response. */
  static boolean isLease(String key) {
    return key.startsWith(PREFIX);
  }

  /**
   * Takes the lease of {@code key} if nobody holds it; returns the token to release it with, or
   * null if another holds it. A store failure returns an empty token: go on without a lease.
   */
  byte[] tryAcquire(String key) {
    byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    try {
      return cache.compareAndSet(PREFIX + key, null, token, timeToLive) ? token : null;
    } catch (RuntimeException e) {
      LOG.warn("Cannot take the lease of {}: {}", key, e.toString());
      return new byte[0];
    }
  }

  /**
   * Returns a future completed when nobody holds the lease of {@code key} any more (released,
   * or expired with its holder) or {@code maxWait} has passed. The store is polled on the
   * common pool.
   */
  CompletableFuture<Void> whenReleased(String key, Duration maxWait) {
    CompletableFuture<Void> released = new CompletableFuture<>();
    poll(key, System.nanoTime() + maxWait.toNanos(), released);
    return released;
  }

  private void poll(String key, long deadline, CompletableFuture<Void> released) {
    CompletableFuture.runAsync(() -> {
      if (isHeld(key) && System.nanoTime() < deadline) {
        poll(key, deadline, released);
      } else {
        released.complete(null);
      }
    }, CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS));
  }

  private boolean isHeld(String key) {
    try {
      return cache.containsKey(PREFIX + key);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the lease of {}: {}", key, e.toString());
      return false;
    }
  }

  /** Releases the lease of {@code key} taken with {@code token}, if it still holds it. */
  void release(String key, byte[] token) {
    if (token.length == 0) {
      return;
    }
    try {
      cache.compareAndSet(PREFIX + key, token, null, null);
    } catch (RuntimeException e) {
      LOG.warn("Cannot release the lease of {} (it expires by itself): {}", key, e.toString());
    }
  }
}
