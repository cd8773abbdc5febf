package io.jcachestores.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Structured values one codec decoded recently, each kept with the exact key and value bytes it
 * was decoded from, so that reading the same bytes again skips parsing the JSON (the bulk of a
 * document hit's cost on SQLite, see benchmarks/notes.md, round 6). Bytes are compared by
 * content: bytes that differ in any way, a forged document included, are parsed and checked anew,
 * and a signed value is remembered only under bytes whose signature was verified before
 * {@link #get} is asked.
 *
 * <p>Callers get a fresh copy of the remembered tree every time (new maps, lists and byte arrays;
 * strings and numbers, which are immutable, shared), so no caller can change what another sees.
 *
 * <p>Bounded: {@value #SLOTS} slots chosen by a hash of the key (a value replaces whatever its slot
 * held), and values of at most {@value #MAX_BYTES} bytes, so that it holds at most about
 * {@value #SLOTS} &times; {@value #MAX_BYTES} stored bytes and their trees. Thread-safe.
 */
final class DecodedTrees {

  static final int SLOTS = 64;
  static final int MAX_BYTES = 16 << 10;

  private record Decoded(byte[] key, byte[] stored, Object tree) {}

  private final AtomicReferenceArray<Decoded> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * Returns a copy of the tree decoded before from exactly {@code stored} under exactly
   * {@code key}, or null.
   */
  Object get(byte[] key, byte[] stored) {
    Decoded d = slots.get(slot(key));
    return d != null && Arrays.equals(d.stored, stored) && Arrays.equals(d.key, key)
        ? copy(d.tree) : null;
  }

  /** Remembers that {@code stored}, stored under {@code key}, decodes to {@code tree}. */
  void put(byte[] key, byte[] stored, Object tree) {
    if (stored.length <= MAX_BYTES) {
      slots.set(slot(key), new Decoded(key.clone(), stored.clone(), copy(tree)));
    }
  }

  private static int slot(byte[] key) {
    int h = Arrays.hashCode(key);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /** Returns a deep copy of a tree of the {@link Structured} model. */
  private static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> map = new LinkedHashMap<>(Math.max(4, m.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> e : m.entrySet()) {
        map.put((String) e.getKey(), copy(e.getValue()));
      }
      return map;
    } else if (o instanceof List<?> l) {
      List<Object> list = new ArrayList<>(l);  // one array copy; then the elements that change
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        if (e instanceof Map<?, ?> || e instanceof List<?> || e instanceof byte[]) {
          list.set(i, copy(e));
        }
      }
      return list;
    } else if (o instanceof byte[] b) {
      return b.clone();
    }
    return o;  // a String, Long, Double, Boolean or null: immutable
  }
}
