package io.jcachestores.spi;

/**
 * The most entries and bytes one cache may hold in its store, shared by every process writing it.
 * Bytes are those of keys and values as stored ({@link #sizeOf}); {@link Long#MAX_VALUE} means no
 * bound on that measure.
 *
 * <p>A store opened with a bounded budget ({@link Storage#open(String, String, Budget,
 * java.util.function.LongConsumer)}) checks it where a write happens: when a write takes the cache
 * over either bound, it deletes entries, expired ones first, then the least recently used, until
 * the cache is down to its {@linkplain #lowEntries() low-water mark} on the measure that was
 * exceeded. Evicting below the bound (by a sixteenth) makes one eviction pay for many writes.
 *
 * <p>Least recently used is approximated on every store by <em>second chance</em> (the CLOCK
 * algorithm): a hit only marks the entry referenced, and only if it is not marked yet, so that an
 * entry costs at most one write per trip through the cache however often it is read. Eviction
 * passes over the entries in an order of the store's: a referenced one gets a second chance
 * (unmarked), an unreferenced one is evicted. SQLite walks the keys in order with a hand kept in
 * the store, every write marking the entry it writes; MongoDB walks an access stamp that every
 * write sets (a second chance is a new stamp).
 *
 * @param maxEntries the most entries, at least 1
 * @param maxBytes the most bytes of keys and values, at least 1
 */
public record Budget(long maxEntries, long maxBytes) {

  /** No bound at all: the default of every cache. */
  public static final Budget UNBOUNDED = new Budget(Long.MAX_VALUE, Long.MAX_VALUE);

  /** Checks the bounds. */
  public Budget {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("A budget's bounds must be at least 1, not "
          + maxEntries + " entries and " + maxBytes + " bytes");
    }
  }

  /** Returns the budget of these bounds, where 0 means no bound on that measure. */
  public static Budget of(long maxEntries, long maxBytes) {
    return new Budget(maxEntries == 0 ? Long.MAX_VALUE : maxEntries,
        maxBytes == 0 ? Long.MAX_VALUE : maxBytes);
  }

  /** Returns whether this budget bounds anything. */
  public boolean isBounded() {
    return maxEntries != Long.MAX_VALUE || maxBytes != Long.MAX_VALUE;
  }

  /** Returns what an entry costs: the length of its key plus that of its value. */
  public static long sizeOf(StoreEntry entry) {
    return (long) entry.key().length + entry.value().length;
  }

  /** Returns the entries an eviction leaves when it evicts because of too many entries. */
  public long lowEntries() {
    return lowWater(maxEntries);
  }

  /** Returns the bytes an eviction leaves when it evicts because of too many bytes. */
  public long lowBytes() {
    return lowWater(maxBytes);
  }

  private static long lowWater(long max) {
    return max == Long.MAX_VALUE ? max : max - max / 16;
  }

  /**
   * Returns how much must be evicted from a cache holding {@code usage}: nothing while it is
   * within both bounds; otherwise down to the low-water mark of each measure that is over.
   */
  public Usage excess(Usage usage) {
    if (usage.entries() <= maxEntries && usage.bytes() <= maxBytes) {
      return Usage.NONE;
    }
    return new Usage(usage.entries() > maxEntries ? usage.entries() - lowEntries() : 0,
        usage.bytes() > maxBytes ? usage.bytes() - lowBytes() : 0);
  }
}
