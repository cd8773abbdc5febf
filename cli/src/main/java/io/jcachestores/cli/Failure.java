package io.jcachestores.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.CacheException;

/**
 * A failure the CLI reports as one line on standard error, with the exit code of its kind. The
 * codes are listed in every command's help ({@link #EXIT_CODES}).
 */
final class Failure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An origin answered with an HTTP error status (400 or more). */
  static final int HTTP_ERROR = 1;
  /** A mistake in the command line: an option, a URL, a store URI or a store option. */
  static final int USAGE = 2;
  /** The store cannot be opened or read, or holds no such HTTP cache. */
  static final int STORE = 3;
  /** An origin could not be reached (name resolution, connection, timeout, TLS). */
  static final int NETWORK = 4;
  /** Anything else: a bug. */
  static final int INTERNAL = 5;

  /** The exit codes, as the help lists them. */
  static final Map<String, String> EXIT_CODES = exitCodes();

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "success");
    codes.put(String.valueOf(HTTP_ERROR), "fetch: an origin answered with an HTTP error status "
        + "(4xx, 5xx)");
    codes.put(String.valueOf(USAGE), "usage: a wrong option, URL, store URI or store option");
    codes.put(String.valueOf(STORE), "store: it cannot be opened or read, or holds no such "
        + "HTTP cache");
    codes.put(String.valueOf(NETWORK), "network: an origin could not be reached");
    codes.put(String.valueOf(INTERNAL), "internal error (a bug: please report it)");
    codes.put("", "With several URLs, fetch reports each failure, goes on, and exits with the "
        + "highest code that applies.");
    return codes;
  }

  private final int exitCode;

  Failure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** Returns {@code e} as a failure: its kind decides the exit code. */
  static Failure of(Throwable e) {
    if (e instanceof Failure f) {
      return f;
    } else if (e instanceof IllegalArgumentException) {
      return new Failure(USAGE, message(e));
    } else if (e instanceof CacheException) {
      return new Failure(STORE, message(e));
    }
    return new Failure(INTERNAL, "unexpected " + e.getClass().getName() + ": " + message(e));
  }

  /** Returns the first line of {@code e}'s message, or its class when it has none. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = m.indexOf('\n');
    return (newline < 0 ? m : m.substring(0, newline)).trim();
  }
}
