package io.jcachestores.cache;

import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** One registered listener with its filter, as its configuration describes them. */
final class Registration<K, V> {

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;

  Registration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Returns whether this registration wants {@code event}: right listener type, filter passes. */
  boolean accepts(CacheEntryEvent<K, V> event) {
    boolean typed = switch (event.getEventType()) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
    return typed && (filter == null || filter.evaluate(event));
  }

  /** Delivers {@code event} to the listener. */
  @SuppressWarnings("unchecked")
  void deliver(CacheEntryEvent<K, V> event) {
    List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
    switch (event.getEventType()) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
    }
  }

  /** Closes the listener and filter if they are {@link AutoCloseable}. */
  void close() {
    Closeables.closeQuietly(listener);
    Closeables.closeQuietly(filter);
  }
}
