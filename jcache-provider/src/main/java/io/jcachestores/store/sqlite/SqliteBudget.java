package io.jcachestores.store.sqlite;

import static io.jcachestores.store.sqlite.SqliteStorage.ENTRIES;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a SQLite file holds caches within their {@link Budget}.
 *
 * <p><b>Usage.</b> Table {@value #USAGE} holds, for each bounded cache, its entries and bytes
 * (key + value). Triggers on the entries table keep it exact in the very transaction of every
 * write, whichever process (or older version of this library) writes; a cache gets its row when it
 * is first opened with a budget, counted then from its entries. Checking the budget after a write
 * is one primary-key read.
 *
 * <p><b>Recency.</b> Column {@code accessed_at} holds a stamp from the CacheManager's clock, set by
 * every write, and indexed with the cache name (the index is created when a bounded cache is
 * first opened in the file), so that the least recently used entries are the first rows of an
 * index range: no scan. A hit rewrites the stamp only when the entry is in the older half of the
 * cache's recency window (its stamp is nearer to the oldest stamp of the cache than to now), so
 * that a read is not a write on every hit: an entry is rewritten at most once per half of the time
 * an unread entry takes to be evicted, and never while it is among the more recent half.
 *
 * <p><b>Eviction</b> runs in the transaction of the write that took the cache over its budget:
 * expired entries of the cache first, then the least recent ones, down to the budget's low-water
 * mark. A reader never sees the cache over its budget.
 *
 * <p><b>Space.</b> The file keeps {@code auto_vacuum=NONE}: the pages an eviction frees go to
 * SQLite's free list and are reused by the next writes, so under a budget the file stops growing
 * at about the budget plus the b-trees' slack. Auto-vacuum would add pointer-map upkeep to every
 * write, and move pages, only to give back space that the next writes take again; to shrink a file
 * after lowering a budget, run {@code VACUUM} once.
 *
 * <p>Files written before budgets existed are migrated when opened (a column, a table, three
 * triggers; the schema version stays 1, so older versions still open them).
 */
final class SqliteBudget {

  static final String USAGE = "jcache_usage";
  private static final int EVICTION_BATCH = 256;

  private static final String READ_USAGE = "SELECT entries, bytes FROM " + USAGE
      + " WHERE cache = ?";
  private static final String DELETE_EXPIRED = "DELETE FROM " + ENTRIES + " WHERE +cache = ?"
      + " AND expires_at <= ? AND expires_at < " + StoreEntry.NEVER;
  private static final String LEAST_RECENT = "SELECT key, length(key) + length(value) FROM "
      + ENTRIES + " WHERE cache = ? ORDER BY accessed_at LIMIT " + EVICTION_BATCH;
  private static final String DELETE = "DELETE FROM " + ENTRIES + " WHERE cache = ? AND key = ?";
  /** The entry, its stamp, and the oldest stamp of its cache (an index seek). */
  static final String SELECT_WITH_RECENCY = "SELECT value, expires_at, accessed_at, "
      + "(SELECT min(accessed_at) FROM " + ENTRIES + " WHERE cache = ?1) FROM " + ENTRIES
      + " WHERE cache = ?1 AND key = ?2";
  static final String REFRESH = "UPDATE " + ENTRIES + " SET accessed_at = ? WHERE cache = ?"
      + " AND key = ? AND accessed_at < ?";

  private static final List<String> TRIGGERS = List.of(
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_insert AFTER INSERT ON " + ENTRIES + " BEGIN"
          + " UPDATE " + USAGE + " SET entries = entries + 1,"
          + " bytes = bytes + length(NEW.key) + length(NEW.value) WHERE cache = NEW.cache; END",
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_update AFTER UPDATE OF value ON " + ENTRIES
          + " BEGIN UPDATE " + USAGE + " SET bytes = bytes + length(NEW.value)"
          + " - length(OLD.value) WHERE cache = NEW.cache; END",
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_delete AFTER DELETE ON " + ENTRIES + " BEGIN"
          + " UPDATE " + USAGE + " SET entries = entries - 1,"
          + " bytes = bytes - length(OLD.key) - length(OLD.value) WHERE cache = OLD.cache; END");

  private final String cache;
  private final Budget budget;

  SqliteBudget(String cache, Budget budget) {
    this.cache = cache;
    this.budget = budget;
  }

  /** Returns whether the file lacks the column, table or triggers budgets need. */
  static boolean needsMigration(SqliteConnection c) throws SQLException {
    try (ResultSet rs = c.prepareOnce("SELECT count(*) FROM sqlite_master WHERE name IN ('"
        + USAGE + "', 'jcache_usage_insert', 'jcache_usage_update', 'jcache_usage_delete')")
        .executeQuery()) {
      return !rs.next() || rs.getInt(1) != 4 || !hasRecencyColumn(c);
    }
  }

  private static boolean hasRecencyColumn(SqliteConnection c) throws SQLException {
    try (ResultSet rs = c.prepareOnce("PRAGMA table_info(" + ENTRIES + ")").executeQuery()) {
      while (rs.next()) {
        if (rs.getString("name").equals("accessed_at")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Adds what budgets need to a file that lacks it; keeps every entry. In a transaction. */
  static Void migrate(SqliteConnection c) throws SQLException {
    if (!hasRecencyColumn(c)) {
      c.execute("ALTER TABLE " + ENTRIES + " ADD COLUMN accessed_at INTEGER NOT NULL DEFAULT 0");
    }
    c.execute("CREATE TABLE IF NOT EXISTS " + USAGE + " (cache TEXT NOT NULL PRIMARY KEY,"
        + " entries INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID");
    for (String trigger : TRIGGERS) {
      c.execute(trigger);
    }
    return null;
  }

  /**
   * Gives {@code cache} its usage row, counted from its entries, if it has none yet (the triggers
   * keep it from then on), and the recency index. In a transaction.
   */
  static int startCounting(SqliteConnection c, String cache) throws SQLException {
    c.execute("CREATE INDEX IF NOT EXISTS jcache_entries_recency ON " + ENTRIES
        + " (cache, accessed_at)");
    try (PreparedStatement ps = c.prepareOnce("INSERT OR IGNORE INTO " + USAGE
        + " (cache, entries, bytes) SELECT ?, count(*), coalesce(sum(length(key)"
        + " + length(value)), 0) FROM " + ENTRIES + " WHERE cache = ?")) {
      ps.setString(1, cache);
      ps.setString(2, cache);
      return ps.executeUpdate();
    }
  }

  /** Forgets the usage of a cache being destroyed. */
  static void stopCounting(SqliteConnection c, String cache) throws SQLException {
    PreparedStatement ps = c.prepare("DELETE FROM " + USAGE + " WHERE cache = ?");
    ps.setString(1, cache);
    ps.executeUpdate();
  }

  /** Returns the usage of this cache (nothing if it has no usage row). */
  Usage usage(SqliteConnection c) throws SQLException {
    PreparedStatement ps = c.prepare(READ_USAGE);
    ps.setString(1, cache);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Usage(rs.getLong(1), rs.getLong(2)) : Usage.NONE;
    }
  }

  /**
   * Evicts, if the cache is over its budget, down to the low-water mark: expired entries first,
   * then the least recent. Runs in the transaction of the write. Returns how many live entries it
   * evicted.
   */
  long enforce(SqliteConnection c, long now) throws SQLException {
    Usage excess = budget.excess(usage(c));
    if (excess.isNone()) {
      return 0;
    }
    PreparedStatement expired = c.prepare(DELETE_EXPIRED);
    expired.setString(1, cache);
    expired.setLong(2, now);
    if (expired.executeUpdate() > 0) {
      excess = budget.excess(usage(c));
    }
    long evicted = 0;
    while (!excess.isNone()) {
      List<byte[]> victims = new ArrayList<>();
      PreparedStatement select = c.prepare(LEAST_RECENT);
      select.setString(1, cache);
      try (ResultSet rs = select.executeQuery()) {
        while (!excess.isNone() && rs.next()) {
          victims.add(rs.getBytes(1));
          excess = excess.minus(1, rs.getLong(2));
        }
      }
      if (victims.isEmpty()) {
        break;
      }
      PreparedStatement delete = c.prepare(DELETE);
      for (byte[] key : victims) {
        delete.setString(1, cache);
        delete.setBytes(2, key);
        delete.addBatch();
      }
      delete.executeBatch();
      evicted += victims.size();
    }
    return evicted;
  }
}
