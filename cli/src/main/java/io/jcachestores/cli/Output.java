package io.jcachestores.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jcachestores.spi.StoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Prints results on standard output: readable text, or for scripts one JSON document per command
 * (a list is a JSON array, written element by element as results come).
 */
final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private final boolean json;
  private final PrintStream out = System.out;

  Output(boolean json) {
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code value} as one JSON document, or {@code text} when output is readable. */
  void print(Object value, String text) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Starts a list printed as it comes: a JSON array, or one text line per element. */
  Rows rows() {
    return new Rows();
  }

  /** A list being printed; {@link #close()} ends it. */
  final class Rows implements AutoCloseable {
    private final JsonGenerator generator;

    private Rows() {
      try {
        generator = json ? JSON.getFactory().createGenerator(out) : null;
        if (generator != null) {
          generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          generator.writeStartArray();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Prints one element: {@code value} as JSON, or {@code text} (null: nothing).
     *
     * @throws Closed if nobody reads the output any more ({@code ls | head})
     */
    void add(Map<String, Object> value, String text) {
      try {
        if (generator != null) {
          JSON.writeValue(generator, value);
          generator.flush();
        } else if (text != null) {
          out.println(text);
          out.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (out.checkError()) {
        throw new Closed();
      }
    }

    @Override
    public void close() {
      if (generator != null) {
        try {
          generator.writeEndArray();
          generator.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
      }
    }
  }

  /** Thrown when standard output was closed by its reader: the command stops, quietly. */
  static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("standard output closed", null, false, false);
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

  /**
   * Parses the value of option {@code option} as a duration, in the syntax of the store options:
   * 500ms, 30s, 5m, 2h, 1d, ISO-8601 (PT5M), or a bare number of milliseconds.
   *
   * @throws IllegalArgumentException naming the option if it is not a duration
   */
  static Duration parseDuration(String option, String text) {
    return StoreOptions.of(Map.of(option, text)).duration(option, null);
  }

  /** Parses a size as the store options do (100MiB, 2GB, a number of bytes), naming the option. */
  static long parseSize(String option, String text) {
    return StoreOptions.of(Map.of(option, text)).bytes(option, 0);
  }
}
