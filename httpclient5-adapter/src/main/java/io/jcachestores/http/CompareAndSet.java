package io.jcachestores.http;

import io.jcachestores.ExpiringEntry;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * An entry processor that replaces the stored bytes only if they still equal (by content) the
 * bytes read before: JCache's own {@code replace(k, old, new)} compares {@code byte[]} values by
 * identity. A null expected value means "absent"; a null replacement means "remove". It carries
 * only bytes, so it can be shipped to providers that run processors remotely.
 */
final class CompareAndSet implements EntryProcessor<String, byte[], Boolean>, Serializable {

  private static final long serialVersionUID = 1L;

  private final byte[] expected;
  private final byte[] replacement;
  private final Duration timeToLive;

  /**
   * @param expected the bytes the entry must hold, or null if it must be absent
   * @param replacement the new bytes, or null to remove the entry
   * @param timeToLive the replacement's time to live where the cache supports it, or null
   */
  CompareAndSet(byte[] expected, byte[] replacement, Duration timeToLive) {
    this.expected = expected;
    this.replacement = replacement;
    this.timeToLive = timeToLive;
  }

  @Override
  public Boolean process(MutableEntry<String, byte[]> entry, Object... arguments) {
    byte[] current = entry.exists() ? entry.getValue() : null;
    if (!Arrays.equals(current, expected)) {
      return false;
    }
    if (replacement == null) {
      if (current != null) {
        entry.remove();
      }
    } else if (timeToLive == null) {
      entry.setValue(replacement);
    } else {
      ExpiringEntry<String, byte[]> expiring = expiring(entry);
      if (expiring == null) {
        entry.setValue(replacement);
      } else {
        expiring.setValue(replacement, timeToLive);
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static ExpiringEntry<String, byte[]> expiring(MutableEntry<String, byte[]> entry) {
    try {
      return entry.unwrap(ExpiringEntry.class);
    } catch (RuntimeException | LinkageError notOurs) {
      return null;
    }
  }
}
