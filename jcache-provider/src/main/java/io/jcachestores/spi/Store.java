package io.jcachestores.spi;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The entries of one cache in a {@link Storage}: a map from key bytes to {@link StoreEntry}.
 *
 * <p>A store is shared by every thread of this process and by every other process that opens the
 * same cache in the same storage. Every method is thread-safe, and {@link #compute} is atomic
 * across processes. A store never decides expiry: it returns expired entries as they are (it may
 * delete them at any time, for example through a native TTL). Keys are compared by content.
 *
 * <p>Failures surface as {@link StoreException}, which names the store, the operation and the
 * cache; a store that is down or slow fails within its configured timeout.
 * Checks of these rules live in jcache-provider's test jar
 * ({@code io.jcachestores.spi.StoreContract}): every store extends it in one test class.
 */
public interface Store {

  /** Returns the entry stored under {@code key}, expired or not, or null if there is none. */
  StoreEntry get(byte[] key);

  /**
   * Returns the entries stored under the given keys, in any order; absent keys are left out.
   *
   * @param keys distinct keys
   */
  List<StoreEntry> getAll(Collection<byte[]> keys);

  /** Stores {@code entry}, replacing whatever is stored under its key. */
  void put(StoreEntry entry);

  /**
   * Stores all entries, replacing what is stored under their keys, in as few round trips as the
   * store allows (and atomically where it can).
   *
   * @param entries entries with distinct keys
   */
  void putAll(Collection<StoreEntry> entries);

  /** Deletes the entry under {@code key}; returns whether there was one (expired or not). */
  boolean remove(byte[] key);

  /**
   * Deletes the entries under the given keys in as few round trips as the store allows.
   *
   * @param keys distinct keys
   */
  void removeAll(Collection<byte[]> keys);

  /** Deletes every entry of this cache, keeping the cache itself. */
  void clear();

  /**
   * Atomically replaces the entry under {@code key} with what {@code remapping} returns for the
   * current entry (null if absent, expired entries included), even when other processes write
   * the same key at the same time.
   *
   * <p>{@code remapping} returns the new entry (with the same key), null to delete the entry, or
   * the very instance it was given to leave the store untouched. It may be invoked more than once
   * when a concurrent writer wins a race (optimistic stores retry); only the last invocation's
   * result is applied. An exception it throws propagates unchanged and nothing is written.
   *
   * @return the entry stored when the call returns, or null if there is none
   */
  StoreEntry compute(byte[] key, UnaryOperator<StoreEntry> remapping);

  /**
   * Returns an iterator over all entries (expired ones included) that reads the store lazily, at
   * most {@code pageSize} entries per round trip, holding no lock or cursor between pages, so that
   * iterating a large cache keeps memory flat. Entries written or removed during the iteration may
   * or may not be seen; no entry is returned twice.
   */
  Iterator<StoreEntry> iterator(int pageSize);

  /**
   * Returns how many entries are stored, expired ones not yet deleted included, when the store
   * can count them without reading them all (an index count); empty (the default) when counting
   * would cost as much as iterating, as a DynamoDB scan does. For progress reports.
   */
  default OptionalLong count() {
    return OptionalLong.empty();
  }

  /**
   * Atomically adds {@link Increment#delta} to the counter stored under {@code key}, across
   * processes, as {@link Increment#apply} describes: a live entry whose value is the readable form
   * of a {@link Long} ({@link ReadableForm}) gets the sum (and
   * {@link Increment#expiresIfUpdated}); an absent or expired one becomes {@code delta} (expiring
   * at {@link Increment#expiresIfCreated}). A live value of any other form is left untouched and
   * null is returned: the caller decides what that means (the store never interprets it).
   *
   * <p>The default runs {@link Increment#apply} inside {@link #compute}. Stores with an atomic
   * addition of their own (MongoDB {@code $inc}, DynamoDB {@code ADD}) override it to update a
   * live counter in one round trip.
   *
   * @return the entries before and after, or null if the live value is not a counter
   * @throws ArithmeticException if the sum overflows a {@code long}; nothing is written
   */
  default Increment.Result increment(byte[] key, Increment increment) {
    StoreEntry[] before = new StoreEntry[1];
    StoreEntry after = compute(key, current -> {
      before[0] = current;
      return increment.apply(key, current);
    });
    return after == before[0] ? null : new Increment.Result(before[0], after);
  }

  /**
   * Atomically sets the expiry time of the live entry under {@code key} (one whose
   * {@code expiresAt} is after {@code now}) to {@code expiresAt}, keeping its value; an absent or
   * expired entry is left alone. The default runs inside {@link #compute}; stores override it
   * with a conditional update of one round trip.
   *
   * @return whether there was a live entry (and so its expiry changed)
   */
  default boolean touch(byte[] key, long now, long expiresAt) {
    boolean[] live = new boolean[1];
    compute(key, current -> {
      live[0] = current != null && !current.isExpiredAt(now);
      return live[0] ? current.with(current.value(), expiresAt) : current;
    });
    return live[0];
  }

  /**
   * Returns how many entries and bytes this cache holds, when the store keeps that count (a
   * bounded cache always does: it is what its budget is checked against); empty otherwise. It
   * may run behind other processes' writes by the writes in flight.
   */
  default Optional<Usage> usage() {
    return Optional.empty();
  }
}
