package io.jcachestores.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The allowlist that every Java deserialization of stored bytes goes through.
 *
 * <p>Allowed are: a fixed set of JDK value types (wrappers, String, {@code java.math},
 * {@code java.time}, {@code java.util} collections, dates and UUIDs), primitive arrays, the
 * cache's configured key and value types, and the user's patterns (the syntax of
 * {@link ObjectInputFilter.Config#createFilter}: {@code com.example.Person},
 * {@code com.example.*}, {@code com.example.**}). Anything else is rejected before its class is
 * initialised, so no code of a class outside the list ever runs. Depth and reference counts are
 * bounded against resource exhaustion.
 */
public final class SerialFilter {

  private static final List<String> JDK_VALUE_TYPES = List.of(
      "java.lang.Object", "java.lang.String", "java.lang.Number", "java.lang.Boolean", "java.lang.Character",
      "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
      "java.lang.Float", "java.lang.Double", "java.lang.Enum",
      "java.math.*", "java.time.*", "java.util.*");

  private static final String LIMITS = "maxdepth=64;maxrefs=1000000";

  private final ObjectInputFilter filter;
  private final String pattern;

  private SerialFilter(String pattern) {
    this.pattern = pattern;
    ObjectInputFilter patternFilter = ObjectInputFilter.Config.createFilter(pattern);
    this.filter = info -> {
      Class<?> type = info.serialClass();
      while (type != null && type.isArray()) {
        type = type.getComponentType();
      }
      if (type != null && type.isPrimitive()) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      return patternFilter.checkInput(info);
    };
  }

  /**
   * Returns a filter allowing the JDK value types, {@code configuredTypes} (ignored when they are
   * {@code Object} or an interface, which would allow too much) and {@code patterns}.
   *
   * @throws IllegalArgumentException if a pattern is malformed
   */
  public static SerialFilter allowing(Collection<Class<?>> configuredTypes,
      Collection<String> patterns) {
    List<String> parts = new ArrayList<>();
    parts.add(LIMITS);
    parts.addAll(JDK_VALUE_TYPES);
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
