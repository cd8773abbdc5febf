package io.jcachestores.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request collapsing in one process: of the concurrent identical cacheable requests (same
 * {@link Exchange#collapseKey}), one (the leader) goes through the cache and, if needed, to the
 * origin; the others wait until it is done (at most {@code maxWait}), then go through the cache,
 * which now holds the leader's response. A follower that wakes up does not wait again: when the
 * leader's response was not stored, followers go to the origin side by side, never one after
 * the other. Thread-safe.
 */
final class Collapser {

  /** One request in flight for a key, that identical requests wait for. */
  record Flight(String key, CompletableFuture<Void> done, boolean leader) {}

  private final ConcurrentHashMap<String, CompletableFuture<Void>> flights =
      new ConcurrentHashMap<>();
  private final Duration maxWait;

  Collapser(Duration maxWait) {
    this.maxWait = maxWait;
  }

  /** Returns the flight of {@code key}: the caller's own (it leads) or the one to wait for. */
  Flight join(String key) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> theirs = flights.putIfAbsent(key, mine);
    return theirs == null ? new Flight(key, mine, true) : new Flight(key, theirs, false);
  }

  /** Ends the leader's {@code flight}, waking its followers. */
  void land(Flight flight) {
    if (flight.leader()) {
      flights.remove(flight.key(), flight.done());
      flight.done().complete(null);
    }
  }

  /** Blocks until the leader of {@code flight} is done or {@code maxWait} has passed. */
  void await(Flight flight) {
    try {
      flight.done().get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // go on: the cache, or the origin, answers
    }
  }

  /** Returns a future completed when the leader of {@code flight} is done or after maxWait. */
  CompletableFuture<Void> whenLanded(Flight flight) {
    return flight.done().copy().completeOnTimeout(null, maxWait.toNanos(), TimeUnit.NANOSECONDS);
  }
}
