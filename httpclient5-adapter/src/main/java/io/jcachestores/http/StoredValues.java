package io.jcachestores.http;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What the HTTP cache stores for an entry, bytes or a document, compared and weighed. */
final class StoredValues {

  private StoredValues() {}

  /**
   * Returns whether two stored values are the same: byte arrays by content, at any depth of a
   * document; maps regardless of order.
   */
  static boolean same(Object a, Object b) {
    if (a == b) {
      return true;  // a document getShared handed out again, or a string copies share
    } else if (a instanceof byte[] x) {
      return b instanceof byte[] y && Arrays.equals(x, y);
    } else if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!same(e.getValue(), y.get(e.getKey())) || !y.containsKey(e.getKey())) {
          return false;
        }
      }
      return true;
    } else if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = y.iterator();
      for (Object e : x) {
        if (!same(e, i.next())) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  /**
   * Returns how many bytes a stored value takes in the store: the length of bytes; for a
   * document about the length of its JSON (binary as Base64).
   */
  static long storedSize(Object stored) {
    return stored instanceof byte[] b ? b.length : jsonSize(stored);
  }

  private static long jsonSize(Object stored) {
    if (stored instanceof byte[] b) {
      return (b.length + 2L) / 3 * 4 + 8;  // Base64 in a document
    } else if (stored instanceof String s) {
      return s.length() + 2L;
    } else if (stored instanceof Map<?, ?> m) {
      long size = 2;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        size += jsonSize(e.getKey()) + jsonSize(e.getValue()) + 2;
      }
      return size;
    } else if (stored instanceof List<?> list) {
      long size = 2;
      for (Object e : list) {
        size += jsonSize(e) + 1;
      }
      return size;
    }
    return String.valueOf(stored).length();
  }

  /** Returns about how many bytes of heap a stored value takes. */
  static long size(Object stored) {
    if (stored instanceof byte[] b) {
      return b.length;
    } else if (stored instanceof String s) {
      return 2L * s.length();
    } else if (stored instanceof Map<?, ?> m) {
      long size = 32;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        size += 16 + size(e.getKey()) + size(e.getValue());
      }
      return size;
    } else if (stored instanceof List<?> list) {
      long size = 16;
      for (Object e : list) {
        size += 8 + size(e);
      }
      return size;
    }
    return 16;
  }
}
