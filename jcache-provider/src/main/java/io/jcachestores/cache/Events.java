package io.jcachestores.cache;

import io.jcachestores.spi.StoreEntry;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * The events of one operation, built only while a listener is registered and published once the
 * operation is done (never from inside the store's atomic step).
 */
final class Events<K, V> {

  private final EventDispatcher<K, V> dispatcher;
  private final Cache<K, V> source;
  private final EntryCodec<K, V> codec;
  private List<CacheEntryEvent<K, V>> list;

  Events(EventDispatcher<K, V> dispatcher, Cache<K, V> source, EntryCodec<K, V> codec) {
    this.dispatcher = dispatcher;
    this.source = source;
    this.codec = codec;
  }

  /** Returns whether a listener may want events; if not, none are built. */
  boolean wanted() {
    return dispatcher.isActive();
  }

  void add(EventType type, K key, V value, V oldValue) {
    if (!wanted()) {
      return;
    }
    if (list == null) {
      list = new ArrayList<>(2);
    }
    list.add(new StoreCacheEntryEvent<>(source, type, key, value, oldValue));
  }

  /** Adds the EXPIRED event of a stored entry found expired (none if it cannot be decoded). */
  void expired(K key, StoreEntry e) {
    if (wanted()) {
      V value = codec.decodeValue(key, e);
      if (value != null) {
        add(EventType.EXPIRED, key, value, value);
      }
    }
  }

  /** Returns how many events there are, for {@link #truncate}. */
  int size() {
    return list == null ? 0 : list.size();
  }

  /** Forgets the events added after {@link #size} returned {@code size}. */
  void truncate(int size) {
    if (list != null) {
      list.subList(size, list.size()).clear();
    }
  }

  void publish() {
    dispatcher.publish(list);
  }
}
