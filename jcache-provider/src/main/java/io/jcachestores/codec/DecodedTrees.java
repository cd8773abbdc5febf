package io.jcachestores.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>A remembered tree is unmodifiable. A caller that asks for a tree of its own gets a fresh
 * copy (new maps, lists and byte arrays; strings and numbers, which are immutable, shared); a
 * caller that accepts a shared tree gets the remembered one itself, unless it holds a byte array,
 * which cannot refuse changes. So no caller can change what another sees.
 *
 * <p>Bounded: {@value #SLOTS} slots chosen by a hash of the key (a value replaces whatever its slot
 * held), and values of at most {@value #MAX_BYTES} bytes, so that it holds at most about
 * {@value #SLOTS} &times; {@value #MAX_BYTES} stored bytes and their trees. Thread-safe.
 */
final class DecodedTrees {

  static final int SLOTS = 64;
  static final int MAX_BYTES = 16 << 10;

  /** A remembered tree; {@code shareable} if it holds no byte array. */
  private record Decoded(byte[] key, byte[] stored, Object tree, boolean shareable) {}

  private final AtomicReferenceArray<Decoded> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * Returns the tree decoded before from exactly {@code stored} under exactly {@code key}, or
   * null: the remembered tree itself if {@code shared} and it holds no byte array, else a copy.
   */
  Object get(byte[] key, byte[] stored, boolean shared) {
    Decoded d = slots.get(slot(key));
    if (d == null || !Arrays.equals(d.stored, stored) || !Arrays.equals(d.key, key)) {
      return null;
    }
    return shared && d.shareable ? d.tree : copy(d.tree, false);
  }

  /**
   * Remembers that {@code stored}, stored under {@code key}, decodes to {@code tree}, and returns
   * the tree to hand to the caller: {@code tree} itself, or with {@code shared} the remembered
   * unmodifiable one when {@link #get} would share it.
   */
  Object remember(byte[] key, byte[] stored, Object tree, boolean shared) {
    if (stored.length > MAX_BYTES) {
      return tree;
    }
    Decoded d = new Decoded(key.clone(), stored.clone(), copy(tree, true), !holdsBytes(tree));
    slots.set(slot(key), d);
    return shared && d.shareable ? d.tree : tree;
  }

  private static int slot(byte[] key) {
    int h = Arrays.hashCode(key);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /** Returns a deep copy of a tree of the {@link Structured} model, unmodifiable if asked. */
  private static Object copy(Object o, boolean unmodifiable) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> map = new LinkedHashMap<>(Math.max(4, m.size() * 4 / 3 + 1));
      for (Map.Entry<?, ?> e : m.entrySet()) {
        map.put((String) e.getKey(), copy(e.getValue(), unmodifiable));
      }
      return unmodifiable ? Collections.unmodifiableMap(map) : map;
    } else if (o instanceof List<?> l) {
      List<Object> list = new ArrayList<>(l);  // one array copy; then the elements that change
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        if (e instanceof Map<?, ?> || e instanceof List<?> || e instanceof byte[]) {
          list.set(i, copy(e, unmodifiable));
        }
      }
      return unmodifiable ? Collections.unmodifiableList(list) : list;
    } else if (o instanceof byte[] b) {
      return b.clone();
    }
    return o;  // a String, Long, Double, Boolean or null: immutable
  }

  private static boolean holdsBytes(Object o) {
    if (o instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(DecodedTrees::holdsBytes);
    } else if (o instanceof List<?> l) {
      return l.stream().anyMatch(DecodedTrees::holdsBytes);
    }
    return o instanceof byte[];
  }
}
