package io.jcachestores.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that publishes entry events to listeners.
 *
 * <p>Synchronous listeners run on the caller's thread before the operation returns. Asynchronous
 * listeners run on the cache's executor; events for one key reach each listener in the order they
 * happened. Events are those of operations in this process: other processes writing the same
 * store do not raise events here.
 */
final class EventDispatcher<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<Object, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final Executor executor;

  EventDispatcher(Executor executor) {
    this.executor = executor;
  }

  /** Registers a listener; rejects a configuration that is already registered. */
  synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        throw new IllegalArgumentException("Listener configuration is already registered");
      }
    }
    registrations.add(new Registration<>(configuration));
  }

  /** Removes the registration of {@code configuration}; returns whether there was one. */
  synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        registrations.remove(r);
        r.close();
        return true;
      }
    }
    return false;
  }

  /** Returns whether any listener is registered, i.e. whether events need to be built. */
  boolean isActive() {
    return !registrations.isEmpty();
  }

  /**
   * Delivers {@code events}, in order. A synchronous listener's exception is rethrown (wrapped in
   * a {@link CacheEntryListenerException}) after every listener had its events.
   */
  void publish(List<CacheEntryEvent<K, V>> events) {
    if (events == null || events.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    for (Registration<K, V> r : registrations) {
      List<CacheEntryEvent<K, V>> accepted = new ArrayList<>(events.size());
      for (CacheEntryEvent<K, V> event : events) {
        if (r.accepts(event)) {
          accepted.add(event);
        }
      }
      if (accepted.isEmpty()) {
        continue;
      }
      if (r.isSynchronous()) {
        failure = deliverNow(r, accepted, failure);
      } else {
        for (CacheEntryEvent<K, V> event : accepted) {
          deliverLater(r, event);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private RuntimeException deliverNow(Registration<K, V> r, List<CacheEntryEvent<K, V>> events,
      RuntimeException failure) {
    for (CacheEntryEvent<K, V> event : events) {
      try {
        r.deliver(event);
      } catch (CacheEntryListenerException e) {
        failure = failure == null ? e : failure;
      } catch (RuntimeException e) {
        failure = failure == null ? new CacheEntryListenerException(e) : failure;
      }
    }
    return failure;
  }

  private void deliverLater(Registration<K, V> r, CacheEntryEvent<K, V> event) {
    Object key = event.getKey();
    CompletableFuture<Void>[] mine = new CompletableFuture[1];
    inFlight.compute(key, (k, previous) -> {
      CompletableFuture<Void> before = previous == null
          ? CompletableFuture.completedFuture(null) : previous;
      mine[0] = before.thenRunAsync(() -> {
        try {
          r.deliver(event);
        } catch (RuntimeException e) {
          LOG.warn("Asynchronous listener failed on {} event for key {}", event.getEventType(),
              key, e);
        }
      }, executor);
      return mine[0];
    });
    mine[0].whenComplete((ok, error) -> inFlight.remove(key, mine[0]));
  }

  /** Waits until every asynchronous event published so far has been delivered. */
  void awaitAsynchronous() {
    for (CompletableFuture<Void> f : inFlight.values()) {
      f.exceptionally(e -> null).join();
    }
  }

  /** Closes all listeners and forgets them. */
  synchronized void close() {
    for (Registration<K, V> r : registrations) {
      r.close();
    }
    registrations.clear();
  }
}
