package io.jcachestores.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The allowlist that every Java deserialization of stored bytes goes through.
 *
 * <p>Allowed are: a fixed set of JDK value types (wrappers, String, {@code java.math},
 * {@code java.time}, {@code java.util} collections, dates and UUIDs), the reviewed plain-data
 * classes of Spring's cache abstraction and Hibernate's second-level cache ({@link
 * FrameworkTypes}), the cache's configured key and value types, and the user's patterns (the
 * syntax of {@link ObjectInputFilter.Config#createFilter}: {@code com.example.Person},
 * {@code com.example.*}, {@code com.example.**}). Anything else is rejected before its class is
 * initialised, so no code of a class outside the list ever runs. Depth and reference counts are
 * bounded against resource exhaustion.
 *
 * <p>An array is judged by what it can hold: an array of primitives is allowed; an array of
 * {@code Object} or of an interface (Hibernate's {@code Serializable[]}, a {@code Comparable[]})
 * is allowed as a container, and each element is then judged by its own class, as every object
 * read is; an array of any other class is allowed only if that class is. Creating an array runs
 * no code of its element type, so the allowlist never needs {@code java.io.Serializable} or
 * another interface, which would let anything through.
 */
public final class SerialFilter {

  private static final List<String> JDK_VALUE_TYPES = List.of(
      "java.lang.Object", "java.lang.String", "java.lang.Number", "java.lang.Boolean", "java.lang.Character",
      "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
      "java.lang.Float", "java.lang.Double", "java.lang.Enum",
      "java.math.*", "java.time.*", "java.util.*");

  private static final String LIMITS = "maxdepth=64;maxrefs=1000000";
  private static final ObjectInputFilter LIMITS_FILTER =
      ObjectInputFilter.Config.createFilter(LIMITS);

  private final ObjectInputFilter filter;
  private final String pattern;

  private SerialFilter(String pattern) {
    this.pattern = pattern;
    ObjectInputFilter patternFilter = ObjectInputFilter.Config.createFilter(pattern);
    this.filter = info -> isContainerArray(info.serialClass())
        ? withinLimits(info) : patternFilter.checkInput(info);
  }

  /** Whether {@code type} is an array whose elements are primitives, or are judged one by one. */
  private static boolean isContainerArray(Class<?> type) {
    if (type == null || !type.isArray()) {
      return false;
    }
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element.isPrimitive() || element.isInterface() || element == Object.class;
  }

  private static ObjectInputFilter.Status withinLimits(ObjectInputFilter.FilterInfo info) {
    return LIMITS_FILTER.checkInput(info) == ObjectInputFilter.Status.REJECTED
        ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.ALLOWED;
  }

  /**
   * Returns a filter allowing the JDK value types, the frameworks' plain-data classes,
   * {@code configuredTypes} (ignored when they are {@code Object} or an interface, which would
   * allow too much) and {@code patterns}.
   *
   * @throws IllegalArgumentException if a pattern is malformed
   */
  public static SerialFilter allowing(Collection<Class<?>> configuredTypes,
      Collection<String> patterns) {
    List<String> parts = new ArrayList<>();
    parts.add(LIMITS);
    parts.addAll(JDK_VALUE_TYPES);
    parts.addAll(FrameworkTypes.SPRING);
    parts.addAll(FrameworkTypes.HIBERNATE);
    for (Class<?> type : configuredTypes) {
      if (type != Object.class && !type.isInterface() && !type.isPrimitive()) {
        parts.add(type.getName());
      }
    }
    for (String p : patterns) {
      String trimmed = p.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("!") || trimmed.contains("=") || trimmed.contains(";")) {
        throw new IllegalArgumentException("Serialization allowlist entry '" + trimmed
            + "' is not a class name or package pattern (a.b.C, a.b.*, a.b.**)");
      }
      parts.add(trimmed);
    }
    parts.add("!*");
    return new SerialFilter(String.join(";", parts));
  }

  /** Returns the JDK filter to install on an {@link java.io.ObjectInputStream}. */
  public ObjectInputFilter filter() {
    return filter;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
