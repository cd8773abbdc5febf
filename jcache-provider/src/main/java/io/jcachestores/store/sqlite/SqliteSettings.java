package io.jcachestores.store.sqlite;

import io.jcachestores.spi.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** The SQLite options of one storage, validated (see {@link SqliteStoreFactory}). */
record SqliteSettings(Duration busyTimeout, String journalMode, String synchronous,
    int readConnections, boolean mustExist, Clock clock) {

  /** The names of the SQLite options. */
  static final Set<String> NAMES =
      Set.of("busyTimeout", "journalMode", "synchronous", "readConnections");

  private static final Set<String> JOURNAL_MODES =
      Set.of("DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF");
  private static final Set<String> SYNCHRONOUS = Set.of("OFF", "NORMAL", "FULL", "EXTRA");

  /** Settings on the system clock. */
  SqliteSettings(Duration busyTimeout, String journalMode, String synchronous,
      int readConnections, boolean mustExist) {
    this(busyTimeout, journalMode, synchronous, readConnections, mustExist, Clock.systemUTC());
  }

  static SqliteSettings of(StoreOptions options) {
    String journal = options.string("journalMode", "WAL").toUpperCase(Locale.ROOT);
    if (!JOURNAL_MODES.contains(journal)) {
      throw new IllegalArgumentException("Option 'journalMode' is '" + journal
          + "'; expected one of " + JOURNAL_MODES);
    }
    String sync = options.string("synchronous", "NORMAL").toUpperCase(Locale.ROOT);
    if (!SYNCHRONOUS.contains(sync)) {
      throw new IllegalArgumentException("Option 'synchronous' is '" + sync
          + "'; expected one of " + SYNCHRONOUS);
    }
    int readers = options.intValue("readConnections", 4);
    if (readers < 1) {
      throw new IllegalArgumentException("Option 'readConnections' must be at least 1");
    }
    return new SqliteSettings(options.duration("busyTimeout", Duration.ofSeconds(5)), journal,
        sync, readers, options.booleanValue(StoreOptions.MUST_EXIST, false), options.clock());
  }
}
