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
 * {@code com.example.*}, {@code com.example.**}); a nested class may be named as in Java source,
 * {@code com.example.Tour.Person}, or by its binary name {@code com.example.Tour$Person}.
 * Anything else is rejected before its class is initialised, so no code of a class outside the
 * list ever runs. Depth and reference counts are bounded against resource exhaustion, and so is
 * the length of every array a stream asks for: at most {@value #ELEMENTS_PER_BYTE} elements per
 * byte of the stream. Every element read takes at least one byte; collections size their hash
 * tables up to 8 times their element count; so no valid stream comes near the bound, while a
 * few hostile bytes declaring a length of billions cannot make a reader allocate gigabytes.
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

  private static final int MAX_DEPTH = 64;
  private static final int MAX_REFERENCES = 1_000_000;
  private static final String LIMITS = "maxdepth=" + MAX_DEPTH + ";maxrefs=" + MAX_REFERENCES;
  private static final int ELEMENTS_PER_BYTE = 8;
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
      String nested = binaryName(trimmed);
      if (!nested.equals(trimmed)) {
        parts.add(nested);
      }
    }
    parts.add("!*");
    return new SerialFilter(String.join(";", parts));
  }

  /**
   * Returns {@code pattern} with the dots after its first capitalised part written {@code $}:
   * {@code demo.Tour.Person} as {@code demo.Tour$Person}, the name by which Java serialization
   * knows a nested class (by Java's naming convention, packages are lower case and classes are
   * not). Patterns ending in {@code **} are packages and stay as they are.
   */
  static String binaryName(String pattern) {
    if (pattern.endsWith("**")) {
      return pattern;
    }
    String[] parts = pattern.split("\\.", -1);
    StringBuilder name = new StringBuilder(parts[0]);
    boolean inClass = !parts[0].isEmpty() && Character.isUpperCase(parts[0].charAt(0));
    for (int i = 1; i < parts.length; i++) {
      name.append(inClass ? '$' : '.').append(parts[i]);
      inClass |= !parts[i].isEmpty() && Character.isUpperCase(parts[i].charAt(0));
    }
    return name.toString();
  }

  /**
   * Returns why the filter for a stream of {@code streamBytes} rejected what {@code info}
   * describes, in words for a message.
   */
  static String rejection(ObjectInputFilter.FilterInfo info, long streamBytes) {
    if (info.arrayLength() > maxArrayLength(streamBytes)) {
      return "an array of " + info.arrayLength() + " elements is longer than "
          + streamBytes + " stored bytes can hold";
    }
    if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES) {
      return "the object graph is nested deeper than " + MAX_DEPTH + " or holds more than "
          + MAX_REFERENCES + " references";
    }
    Class<?> type = info.serialClass();
    while (type != null && type.isArray()) {
      type = type.getComponentType();
    }
    return type == null ? "the allowlist rejected it"
        : "class " + type.getName() + " is not in the allowlist";
  }

  /**
   * Returns the JDK filter to install on an {@link java.io.ObjectInputStream} that reads
   * {@code streamBytes} bytes: this allowlist, and no array longer than such a stream can hold.
   */
  public ObjectInputFilter filter(long streamBytes) {
    long maxLength = maxArrayLength(streamBytes);
    return info -> info.arrayLength() > maxLength
        ? ObjectInputFilter.Status.REJECTED : filter.checkInput(info);
  }

  private static long maxArrayLength(long streamBytes) {
    return streamBytes * ELEMENTS_PER_BYTE;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
