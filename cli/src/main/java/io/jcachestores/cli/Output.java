package io.jcachestores.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Prints results: JSON (one document per result) for scripts, or readable text. */
final class Output {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean json;
  private final PrintStream out = System.out;

  Output(boolean json) {
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code value} as JSON, or {@code text} when output is readable. */
  void print(Object value, String text) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
      }
    } else {
      out.println(text);
    }
  }

  /** Formats a byte count: 512 B, 1.5 KiB, 3.2 MiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Formats a duration compactly: 42s, 5m, 3h, 2d. */
  static String duration(Duration d) {
    long s = Math.abs(d.toSeconds());
    if (s < 120) {
      return s + "s";
    } else if (s < 7200) {
      return s / 60 + "m";
    } else if (s < 172800) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** Parses a duration: 30s, 5m, 2h, 1d, or ISO-8601 (PT5M). */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      switch (t.charAt(t.length() - 1)) {
        case 's': return Duration.ofSeconds(n);
        case 'm': return Duration.ofMinutes(n);
        case 'h': return Duration.ofHours(n);
        case 'd': return Duration.ofDays(n);
        default: break;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException("Not a duration: '" + text + "' (use 30s, 5m, 2h, 1d "
        + "or ISO-8601 such as PT5M)");
  }

}
