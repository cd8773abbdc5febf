package io.jcachestores.spi;

import java.util.Objects;

/**
 * One stored entry: the key and value bytes exactly as the codec wrote them, and the instant
 * (epoch milliseconds) from which the entry is expired.
 *
 * <p>Stores keep the bytes as given and return them unchanged; they never interpret them. An
 * expired entry is still returned by a store until it is deleted: deciding expiry is the JCache
 * layer's job, never the store's. The arrays are not copied: neither side may modify them after
 * handing them over.
 *
 * @param key the encoded key, never empty
 * @param value the encoded value
 * @param expiresAt epoch milliseconds from which the entry is expired, {@link #NEVER} if eternal
 */
public record StoreEntry(byte[] key, byte[] value, long expiresAt) {

  /** The {@link #expiresAt()} of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  /** Creates an entry; rejects null arrays. */
  public StoreEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** Returns whether the entry is expired at {@code now} (epoch milliseconds). */
  public boolean isExpiredAt(long now) {
    return expiresAt <= now;
  }

  /** Returns whether the entry never expires. */
  public boolean isEternal() {
    return expiresAt == NEVER;
  }

  /** Returns this entry with another value and expiry time, under the same key. */
  public StoreEntry with(byte[] newValue, long newExpiresAt) {
    return new StoreEntry(key, newValue, newExpiresAt);
  }
}
