package io.jcachestores.cache;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Equality by content, as {@link io.jcachestores.ExpiringCache#compareAndSet} compares values:
 * arrays element by element, also inside maps and lists (documents), everything else with
 * {@code equals}.
 */
final class SameContent {

  private SameContent() {}

  static boolean test(Object a, Object b) {
    if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !test(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        return false;
      }
      Iterator<?> other = y.iterator();
      for (Object e : x) {
        if (!test(e, other.next())) {
          return false;
        }
      }
      return true;
    }
    return Objects.deepEquals(a, b);
  }
}
