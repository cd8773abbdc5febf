package io.jcachestores.cache;

import io.jcachestores.spi.StoreEntry;
import java.time.Clock;
import java.time.Duration;
import javax.cache.event.EventType;

/**
 * What one attempt of an atomic operation saw and decided, inside the store's atomic step
 * ({@link io.jcachestores.spi.Store#compute}). An optimistic store may run the step again after
 * a lost race: {@link #begin} forgets what the previous attempt decided, its events included.
 *
 * <p>The write rules are here once, for single and bulk writes: a write creates the entry when
 * there is no live one and updates it otherwise ({@link #write}); an entry that would expire at
 * once is not stored and raises EXPIRED instead of CREATED.
 */
final class Attempt<K, V> {

  private final Expiry expiry;
  private final EntryCodec<K, V> codec;
  private final Clock clock;
  final Events<K, V> events;
  private final int firstEvent;
  long now;
  /** The live entry found, or null if there was none (or it was expired or undecodable). */
  StoreEntry live;
  /** The live entry's value, if decoded. */
  V oldValue;
  int puts;
  int removals;
  private StoreEntry seen;

  /** Creates an attempt that adds its events to {@code events} (shared by a bulk operation). */
  Attempt(Expiry expiry, EntryCodec<K, V> codec, Clock clock, Events<K, V> events) {
    this.expiry = expiry;
    this.codec = codec;
    this.clock = clock;
    this.events = events;
    this.firstEvent = events.size();
  }

  /**
   * Looks at the stored entry {@code cur}: an expired one raises EXPIRED; with {@code decode}, a
   * live one is decoded, and one that cannot be is treated as absent.
   */
  void begin(K key, StoreEntry cur, boolean decode) {
    events.truncate(firstEvent);
    puts = 0;
    removals = 0;
    now = clock.millis();
    seen = cur;
    live = null;
    oldValue = null;
    if (cur == null) {
      return;
    }
    if (cur.isExpiredAt(now)) {
      events.expired(key, cur);
      return;
    }
    if (decode) {
      oldValue = codec.decodeValue(key, cur);
      if (oldValue == null) {
        return;
      }
    }
    live = cur;
  }

  /** Returns whether a live entry was found: the read part of the operation was a hit. */
  boolean hit() {
    return live != null;
  }

  /**
   * Returns the entry that writing {@code value} (encoded {@code v}) under key bytes {@code k}
   * stores: created if there was no live entry, expiring {@code timeToLive} from now or when the
   * policy says, or null (raising EXPIRED) if that is at once; otherwise the live entry updated.
   * Raises CREATED or UPDATED.
   */
  StoreEntry write(K key, V value, byte[] k, byte[] v, Duration timeToLive) {
    if (live != null) {
      events.add(EventType.UPDATED, key, value, oldValue);
      return live.with(v, timeToLive == null
          ? expiry.forUpdate(now, live.expiresAt()) : Expiry.after(timeToLive, now));
    }
    long expiresAt = timeToLive == null ? expiry.forCreation(now) : Expiry.after(timeToLive, now);
    if (expiresAt <= now) {
      events.add(EventType.EXPIRED, key, value, value);
      return null;
    }
    events.add(EventType.CREATED, key, value, null);
    return new StoreEntry(k, v, expiresAt);
  }

  /** As {@link #write}, counting a put if something was stored. */
  StoreEntry put(K key, V value, byte[] k, byte[] v, Duration timeToLive) {
    StoreEntry next = write(key, value, k, v, timeToLive);
    puts = next == null ? 0 : 1;
    return next;
  }

  /** Removes the live entry: counts the removal, raises REMOVED and returns null. */
  StoreEntry remove(K key) {
    removals = 1;
    events.add(EventType.REMOVED, key, oldValue, oldValue);
    return null;
  }

  /** Returns the live entry with the policy's access expiry applied: it was read, not written. */
  StoreEntry accessed() {
    return expiry.accessed(live, now);
  }

  /** The result that changes nothing, except that an expired or undecodable entry goes. */
  StoreEntry unchanged(StoreEntry cur) {
    return live == null && seen != null ? null : cur;
  }
}
