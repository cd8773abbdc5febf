package io.jcachestores.cache;

import io.jcachestores.spi.StoreEntry;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * Iterates a cache by reading its store page by page. Entries are read as {@code get} reads
 * them: an expired one is removed (raising EXPIRED) and skipped, an undecodable one removed and
 * skipped, access expiry applies to the others.
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final StoreCache<K, V> cache;
  private final Iterator<StoreEntry> pages;
  private StoreCacheEntry<K, V> next;
  private StoreCacheEntry<K, V> last;
  private byte[] nextKey;
  private byte[] lastKey;

  EntryIterator(StoreCache<K, V> cache, Iterator<StoreEntry> pages) {
    this.cache = cache;
    this.pages = pages;
  }

  @Override
  public boolean hasNext() {
    while (next == null && pages.hasNext()) {
      StoreEntry e = pages.next();
      next = cache.iterated(e);
      nextKey = e.key();
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    last = next;
    lastKey = nextKey;
    next = null;
    return last;
  }

  /** Removes the entry {@link #next} returned, by the stored key it was read under. */
  @Override
  public void remove() {
    if (last == null) {
      throw new IllegalStateException("next() has not been called, or remove() already was");
    }
    StoreCacheEntry<K, V> removed = last;
    last = null;
    cache.removeIterated(removed.getKey(), removed.getValue(), lastKey);
  }
}
