package io.jcachestores.http;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * An entry processor that replaces the stored bytes only if they still equal (by content) the
 * bytes read before, for caches of other providers: JCache's own {@code replace(k, old, new)}
 * compares {@code byte[]} values by identity. A null expected value means "absent"; a null
 * replacement means "remove". It carries only bytes, so it can be shipped to providers that run
 * processors remotely. Caches of jcache-stores use
 * {@link io.jcachestores.ExpiringCache#compareAndSet} instead.
 */
final class CompareAndSet implements EntryProcessor<String, Object, Boolean>, Serializable {

  private static final long serialVersionUID = 1L;

  private final Object expected;
  private final Object replacement;

  /**
   * @param expected the bytes (or document) the entry must hold, or null if it must be absent
   * @param replacement the new bytes (or document), or null to remove the entry
   */
  CompareAndSet(Object expected, Object replacement) {
    this.expected = expected;
    this.replacement = replacement;
  }

  @Override
  public Boolean process(MutableEntry<String, Object> entry, Object... arguments) {
    Object current = entry.exists() ? entry.getValue() : null;
    if (!StoredValues.same(current, expected)) {
      return false;
    }
    if (replacement == null) {
      if (current != null) {
        entry.remove();
      }
    } else {
      entry.setValue(replacement);
    }
    return true;
  }
}
