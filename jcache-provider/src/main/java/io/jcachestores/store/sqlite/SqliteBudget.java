package io.jcachestores.store.sqlite;

import static io.jcachestores.store.sqlite.SqliteStorage.ENTRIES;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a SQLite file holds caches within their {@link Budget}.
 *
 * <p><b>Usage.</b> Table {@value #USAGE} holds, for each bounded cache, its entries and bytes
 * (key + value). Triggers on the entries table keep it exact in the very transaction of every
 * write, whichever process (or older version of this library) writes; a cache gets its row when it
 * is first opened with a budget, counted then from its entries. Checking the budget after a write
 * is one primary-key read.
 *
 * <p><b>Recency</b> is second chance (see {@link Budget}). Column {@code accessed_at} holds a
 * stamp from the CacheManager's clock, set by every write and indexed with the cache name (the
 * index is created when a bounded cache is first opened in the file), so that the least recent
 * entries are the first rows of an index range: no scan. Column {@code referenced} is set by the
 * first hit on an entry since its last stamp (one small write; later hits write nothing).
 *
 * <p><b>Eviction</b> runs in the transaction of the write that took the cache over its budget:
 * expired entries of the cache first, then from the oldest stamp on, referenced entries restamped
 * and unmarked, unreferenced ones deleted, down to the budget's low-water mark. A reader never
 * sees the cache over its budget.
 *
 * <p><b>Space.</b> The file keeps {@code auto_vacuum=NONE}: the pages an eviction frees go to
 * SQLite's free list and are reused by the next writes, so under a budget the file stops growing
 * at about the budget plus the b-trees' slack. Auto-vacuum would add pointer-map upkeep to every
 * write, and move pages, only to give back space that the next writes take again; to shrink a file
 * after lowering a budget, run {@code VACUUM} once.
 *
 * <p>Files written before budgets existed are migrated when opened (two columns, a table, three
 * triggers; the schema version stays 1, so older versions still open them).
 */
final class SqliteBudget {

  static final String USAGE = "jcache_usage";
  private static final int EVICTION_BATCH = 256;

  private static final String READ_USAGE = "SELECT entries, bytes FROM " + USAGE
      + " WHERE cache = ?";
  private static final String DELETE_EXPIRED = "DELETE FROM " + ENTRIES + " WHERE +cache = ?"
      + " AND expires_at <= ? AND expires_at < " + StoreEntry.NEVER;
  private static final String LEAST_RECENT = "SELECT key, length(key) + " + valueBytes("value")
      + ", referenced"
      + " FROM " + ENTRIES + " WHERE cache = ? ORDER BY accessed_at LIMIT " + EVICTION_BATCH;
  private static final String DELETE = "DELETE FROM " + ENTRIES + " WHERE cache = ? AND key = ?";
  private static final String SECOND_CHANCE = "UPDATE " + ENTRIES + " SET accessed_at = ?,"
      + " referenced = 0 WHERE cache = ? AND key = ?";
  /** The entry and whether it is marked referenced. */
  static final String SELECT_WITH_REFERENCE = "SELECT value, expires_at, referenced FROM "
      + ENTRIES + " WHERE cache = ? AND key = ?";
  static final String MARK_REFERENCED = "UPDATE " + ENTRIES + " SET referenced = 1"
      + " WHERE cache = ? AND key = ? AND referenced = 0";

  private static final List<String> RECENCY_COLUMNS = List.of("accessed_at", "referenced");

  private static final List<String> TRIGGERS = List.of(
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_insert AFTER INSERT ON " + ENTRIES + " BEGIN"
          + " UPDATE " + USAGE + " SET entries = entries + 1,"
          + " bytes = bytes + length(NEW.key) + " + valueBytes("NEW.value")
          + " WHERE cache = NEW.cache; END",
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_update AFTER UPDATE OF value ON " + ENTRIES
          + " BEGIN UPDATE " + USAGE + " SET bytes = bytes + " + valueBytes("NEW.value")
          + " - " + valueBytes("OLD.value") + " WHERE cache = NEW.cache; END",
      "CREATE TRIGGER IF NOT EXISTS jcache_usage_delete AFTER DELETE ON " + ENTRIES + " BEGIN"
          + " UPDATE " + USAGE + " SET entries = entries - 1,"
          + " bytes = bytes - length(OLD.key) - " + valueBytes("OLD.value")
          + " WHERE cache = OLD.cache; END");

  /**
   * Returns the SQL for the stored size of a value column in bytes: {@code length} of a TEXT
   * value (a document's JSON) counts characters, so the value is counted as the BLOB it encodes to.
   */
  private static String valueBytes(String column) {
    return "length(CAST(" + column + " AS BLOB))";
  }

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
      return !rs.next() || rs.getInt(1) != 4 || columns(c).size() < RECENCY_COLUMNS.size();
    }
  }

  /** Returns the recency columns the entries table has. */
  private static Set<String> columns(SqliteConnection c) throws SQLException {
    Set<String> found = new HashSet<>();
    try (ResultSet rs = c.prepareOnce("PRAGMA table_info(" + ENTRIES + ")").executeQuery()) {
      while (rs.next()) {
        if (RECENCY_COLUMNS.contains(rs.getString("name"))) {
          found.add(rs.getString("name"));
        }
      }
    }
    return found;
  }

  /** Adds what budgets need to a file that lacks it; keeps every entry. In a transaction. */
  static Void migrate(SqliteConnection c) throws SQLException {
    Set<String> columns = columns(c);
    for (String column : RECENCY_COLUMNS) {
      if (!columns.contains(column)) {
        c.execute("ALTER TABLE " + ENTRIES + " ADD COLUMN " + column
            + " INTEGER NOT NULL DEFAULT 0");
      }
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
        + " + " + valueBytes("value") + "), 0) FROM " + ENTRIES + " WHERE cache = ?")) {
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
      List<byte[]> spared = new ArrayList<>();
      PreparedStatement select = c.prepare(LEAST_RECENT);
      select.setString(1, cache);
      try (ResultSet rs = select.executeQuery()) {
        while (!excess.isNone() && rs.next()) {
          if (rs.getInt(3) != 0) {
            spared.add(rs.getBytes(1));
          } else {
            victims.add(rs.getBytes(1));
            excess = excess.minus(1, rs.getLong(2));
          }
        }
      }
      if (victims.isEmpty() && spared.isEmpty()) {
        break;
      }
      PreparedStatement restamp = c.prepare(SECOND_CHANCE);
      for (byte[] key : spared) {
        restamp.setLong(1, now);
        restamp.setString(2, cache);
        restamp.setBytes(3, key);
        restamp.addBatch();
      }
      if (!spared.isEmpty()) {
        restamp.executeBatch();
      }
      PreparedStatement delete = c.prepare(DELETE);
      for (byte[] key : victims) {
        delete.setString(1, cache);
        delete.setBytes(2, key);
        delete.addBatch();
      }
      if (!victims.isEmpty()) {
        delete.executeBatch();
      }
      evicted += victims.size();
    }
    return evicted;
  }
}
