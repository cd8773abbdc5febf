package io.jcachestores;

/**
 * Turns the values of one cache into what the store holds, and back: the choice of a cache's
 * format ({@link StoreConfiguration#serializer}, or the option {@code serializer=json}). Without
 * one, values go through the built-in codec (strings, numbers, maps and lists as readable forms,
 * other classes through allowlisted Java serialization).
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link #serialize} returns either a {@code byte[]} or a <em>document</em>: a
 *       {@code Map<String, Object>} or {@code List<Object>} of maps, lists, strings, Longs,
 *       Doubles, Booleans, null and {@code byte[]} (map keys non-empty, without a leading
 *       {@code $}, a {@code .} or NUL), which the stores keep as a native, readable document
 *       (MongoDB subdocument, DynamoDB map, SQLite JSON). The result is copied before it is
 *       stored, signed when the cache has a {@code secretKey}.
 *   <li>{@link #deserialize} is given what {@code serialize} returned (a document comes back as
 *       an equal tree of {@code LinkedHashMap}s and {@code ArrayList}s), <em>or anything else</em>:
 *       stored values are untrusted, another process or an attacker may have written them. It
 *       must check what it gets and never instantiate a class it names. Any
 *       {@link RuntimeException} it throws makes the entry a miss (logged and removed), never an
 *       error of the caller.
 *   <li>Both are called by many threads at once, and must be thread-safe.
 * </ul>
 * Java serialization is never used to read values of a cache with a serializer, so such a cache
 * needs no allowlist.
 *
 * @param <V> the type of values
 */
public interface Serializer<V> {

  /**
   * Returns what the store holds for {@code value}: bytes or a document.
   *
   * @throws IllegalArgumentException if {@code value} cannot be serialized
   */
  Object serialize(V value);

  /**
   * Returns the value {@code stored} stands for.
   *
   * @param stored bytes or a document read from the store: untrusted
   * @throws RuntimeException if it is not a value this serializer wrote (the entry is a miss)
   */
  V deserialize(Object stored);

  /**
   * Returns a serializer that writes values of {@code type} (records and beans) as JSON documents
   * through Jackson, without polymorphic type information: a stored document only ever becomes
   * a {@code type}, whatever it holds, and one of another shape (unknown or missing properties)
   * is a miss. Needs {@code com.fasterxml.jackson.core:jackson-databind} (2.x) on the class path.
   *
   * @throws IllegalStateException if Jackson databind is not on the class path
   */
  static <V> Serializer<V> json(Class<V> type) {
    return JsonSerializer.of(type);
  }
}
