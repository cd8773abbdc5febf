package io.jcachestores.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one CacheManager, read by name. Values are usually strings (from URI query
 * parameters, {@link java.util.Properties} or system properties); a few options take objects
 * handed in through the CacheManager's {@code Properties}, such as a user's own client.
 *
 * <p>Typed accessors reject malformed values with an {@link IllegalArgumentException} that names
 * the option. Durations are written {@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h},
 * {@code 1d}, ISO-8601 ({@code PT5S}), or a bare number of milliseconds.
 */
public final class StoreOptions {

  /**
   * The option, understood by every store, that makes opening a storage create nothing: with
   * {@code mustExist=true} a storage that does not exist yet (a SQLite file, a MongoDB database
   * without caches, a DynamoDB table) fails to open with a {@link StoreException}
   * saying so, for tools that only read.
   */
  public static final String MUST_EXIST = "mustExist";

  /**
   * The option holding the CacheManager's {@link Clock} (handed in through its
   * properties), which stores use for the times they record, such as recency stamps.
   */
  public static final String CLOCK = "clock";

  /** Bounds every cache of a manager to this many entries (see {@link Budget}); 0: unbounded. */
  public static final String MAX_ENTRIES = "maxEntries";
  /** Bounds every cache of a manager to this many bytes (see {@link Budget}); 0: unbounded. */
  public static final String MAX_BYTES = "maxBytes";

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, Object> values;

  /** Holds {@code values}, an immutable map, as it is. */
  private StoreOptions(Map<String, Object> values) {
    this.values = values;
  }

  /** Returns options holding exactly {@code values}; null values are not allowed. */
  public static StoreOptions of(Map<String, ?> values) {
    values.forEach((k, v) -> Objects.requireNonNull(v, () -> "option " + k));
    return new StoreOptions(Map.copyOf(values));
  }

  /** Returns options with no values. */
  public static StoreOptions empty() {
    return new StoreOptions(Map.of());
  }

  /** Returns the names of the options that are set. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Returns whether option {@code name} is set. */
  public boolean contains(String name) {
    return values.containsKey(name);
  }

  /** Returns option {@code name} as a string, or {@code defaultValue} if it is not set. */
  public String string(String name, String defaultValue) {
    Object value = values.get(name);
    return value == null ? defaultValue : value.toString().trim();
  }

  /** Returns option {@code name} as an int, or {@code defaultValue} if it is not set. */
  public int intValue(String name, int defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "a whole number");
    }
  }

  /**
   * Returns option {@code name} as a number of bytes, or {@code defaultValue} if it is not set
   * (see {@link #parseBytes}).
   */
  public long bytes(String name, long defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return parseBytes(value);
    } catch (IllegalArgumentException e) {
      throw invalid(name, value, "a size such as 1048576, 500KiB, 100MiB or 1GiB");
    }
  }

  /**
   * Parses a size: a whole number of bytes, optionally followed by a unit: {@code KiB},
   * {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024; {@code K}, {@code M}, {@code G},
   * {@code T} too) or {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000).
   *
   * @throws IllegalArgumentException if {@code value} is not such a size, or too large
   */
  public static long parseBytes(String value) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a size such as 100MiB");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    long scale = switch (unit) {
      case "", "b" -> 1L;
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "tb" -> 1_000_000_000_000L;
      default -> 1L << (10 * ("kmgt".indexOf(unit.charAt(0)) + 1));
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is too large a size", e);
    }
  }

  /** Returns option {@code name} as a whole number that is not negative, or the default. */
  public long longValue(String name, long defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, value, "a whole number that is not negative");
  }

  /** Returns option {@code name} as a boolean ({@code true}/{@code false}), or the default. */
  public boolean booleanValue(String name, boolean defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(name, value, "true or false");
  }

  /** Returns option {@code name} as a non-negative duration, or {@code defaultValue}. */
  public Duration duration(String name, Duration defaultValue) {
    Object raw = values.get(name);
    if (raw == null) {
      return defaultValue;
    }
    if (raw instanceof Duration d) {
      return requireNonNegative(name, d);
    }
    String value = raw.toString().trim();
    Matcher m = SIMPLE_DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return requireNonNegative(name, Duration.parse(value));
    } catch (DateTimeParseException e) {
      throw invalid(name, value, "a duration such as 500ms, 5s, 10m or PT5S");
    }
  }

  /**
   * Returns option {@code name} as an instance of {@code type} handed in through the
   * CacheManager's properties, or null if it is not set.
   *
   * @throws IllegalArgumentException if it is set to something else
   */
  public <T> T instance(String name, Class<T> type) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("Option '" + name + "' must be a " + type.getName()
          + ", not a " + value.getClass().getName());
    }
    return type.cast(value);
  }

  /** Returns the clock of option {@link #CLOCK}, or the system clock (UTC) if none is set. */
  public Clock clock() {
    Clock clock = instance(CLOCK, Clock.class);
    return clock == null ? Clock.systemUTC() : clock;
  }

  private static Duration requireNonNegative(String name, Duration d) {
    if (d.isNegative()) {
      throw invalid(name, d.toString(), "a duration that is not negative");
    }
    return d;
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException(
        "Option '" + name + "' is '" + value + "'; expected " + expected);
  }

  @Override
  public String toString() {
    return "StoreOptions" + values.keySet();
  }
}
