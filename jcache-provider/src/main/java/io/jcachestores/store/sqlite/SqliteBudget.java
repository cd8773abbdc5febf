package io.jcachestores.store.sqlite;

import static io.jcachestores.store.sqlite.SqliteStorage.ENTRIES;

import io.jcachestores.spi.Budget;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p><b>Recency</b> is CLOCK (second chance, see {@link Budget}) with the hand walking the cache's
 * entries in key order, the order of the primary key: no index of its own. Column
 * {@code referenced} counts the turns of the hand an entry is spared: every write sets it to 1, in
 * the row the write rewrites anyway (no page more), and the first hit since the hand last passed
 * the entry sets it to 2 (one small write; later hits write nothing). A read is worth two turns so
 * that it still counts when it comes before the hand has unmarked the write: otherwise the first
 * eviction of a cache filled by writes, where every entry is marked, would unmark all of them in
 * one sweep and then evict in key order, read or not. Where the hand stopped is kept in the
 * cache's usage row ({@code hand}, the last key it passed), so that every process moves the same
 * hand. An earlier version kept an access stamp, set by every write, in an index
 * {@code (cache, accessed_at)}: that index cost a put two more pages (its old entry deleted from a
 * random leaf, a new one appended), which made a bounded put cost twice an unbounded one
 * (benchmarks, round 6); files that have it lose it when opened.
 *
 * <p><b>Eviction</b> runs in the transaction of the write that took the cache over its budget:
 * expired entries of the cache first, then from the hand on, in key order and wrapping around at
 * the end, referenced entries spared (their count lowered by one) and unreferenced ones deleted,
 * down to the budget's low-water mark. A reader never sees the cache over its budget. An entry
 * survives at least one turn of the hand after it was last written, two after it was last read,
 * which approximates least recently used.
 *
 * <p><b>Space.</b> The file keeps {@code auto_vacuum=NONE}: the pages an eviction frees go to
 * SQLite's free list and are reused by the next writes, so under a budget the file stops growing
 * at about the budget plus the b-trees' slack. Auto-vacuum would add pointer-map upkeep to every
 * write, and move pages, only to give back space that the next writes take again; to shrink a file
 * after lowering a budget, run {@code VACUUM} once.
 *
 * <p>Files written before budgets existed, or by the version with the access-stamp index, are
 * migrated when opened (a column, a table and three triggers added, the index dropped; the schema
 * version stays 1, so older versions still open them).
 */
final class SqliteBudget {

  static final String USAGE = "jcache_usage";
  private static final String OLD_RECENCY_INDEX = "jcache_entries_recency";
  private static final int EVICTION_BATCH = 256;

  private static final String READ_USAGE = "SELECT entries, bytes FROM " + USAGE
      + " WHERE cache = ?";
  private static final String READ_HAND = "SELECT hand FROM " + USAGE + " WHERE cache = ?";
  private static final String SAVE_HAND = "UPDATE " + USAGE + " SET hand = ? WHERE cache = ?";
  private static final String DELETE_EXPIRED = "DELETE FROM " + ENTRIES + " WHERE +cache = ?"
      + " AND expires_at <= ? AND expires_at < " + StoreEntry.NEVER;
  private static final String WALK = "SELECT key, length(key) + " + valueBytes("value")
      + ", referenced FROM " + ENTRIES + " WHERE cache = ?";
  /** The entries the hand meets next: from the first key, or after the key it stopped at. */
  private static final String WALK_FROM_START = WALK + " ORDER BY key LIMIT " + EVICTION_BATCH;
  private static final String WALK_ON = WALK + " AND key > ? ORDER BY key LIMIT "
      + EVICTION_BATCH;
  /** The entries the hand passes: after the key it stopped at (if any) up to the one it reached. */
  private static final String PASSED_FROM_START = " WHERE cache = ? AND key <= ?";
  private static final String PASSED = " WHERE cache = ? AND key > ? AND key <= ?";
  private static final String EVICT = "DELETE FROM " + ENTRIES + " %s AND referenced <= 0";
  private static final String SECOND_CHANCE = "UPDATE " + ENTRIES
      + " SET referenced = referenced - 1 %s AND referenced > 0";
  /** What a hit marks an entry with: the hand spares it twice. */
  static final int READ = 2;
  /** The entry and its mark. */
  static final String SELECT_WITH_REFERENCE = "SELECT value, expires_at, referenced FROM "
      + ENTRIES + " WHERE cache = ? AND key = ?";
  static final String MARK_REFERENCED = "UPDATE " + ENTRIES + " SET referenced = " + READ
      + " WHERE cache = ? AND key = ? AND referenced < " + READ;

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

  /**
   * Returns whether the file lacks a column, table or trigger budgets need, or still has the
   * access-stamp index of an earlier version.
   */
  static boolean needsMigration(SqliteConnection c) throws SQLException {
    try (ResultSet rs = c.prepareOnce("SELECT coalesce(sum(name IN ('" + USAGE
        + "', 'jcache_usage_insert', 'jcache_usage_update', 'jcache_usage_delete')), 0),"
        + " coalesce(sum(name = '" + OLD_RECENCY_INDEX + "'), 0) FROM sqlite_master")
        .executeQuery()) {
      return !rs.next() || rs.getInt(1) != 4 || rs.getInt(2) != 0
          || !hasColumn(c, ENTRIES, "referenced") || !hasColumn(c, USAGE, "hand");
    }
  }

  private static boolean hasColumn(SqliteConnection c, String table, String column)
      throws SQLException {
    try (ResultSet rs = c.prepareOnce("PRAGMA table_info(" + table + ")").executeQuery()) {
      while (rs.next()) {
        if (column.equals(rs.getString("name"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds what budgets need to a file that lacks it and drops the access-stamp index of an earlier
   * version; keeps every entry. In a transaction.
   */
  static Void migrate(SqliteConnection c) throws SQLException {
    if (!hasColumn(c, ENTRIES, "referenced")) {
      c.execute("ALTER TABLE " + ENTRIES + " ADD COLUMN referenced INTEGER NOT NULL DEFAULT 0");
    }
    c.execute("CREATE TABLE IF NOT EXISTS " + USAGE + " (cache TEXT NOT NULL PRIMARY KEY,"
        + " entries INTEGER NOT NULL, bytes INTEGER NOT NULL, hand BLOB) WITHOUT ROWID");
    if (!hasColumn(c, USAGE, "hand")) {
      c.execute("ALTER TABLE " + USAGE + " ADD COLUMN hand BLOB");
    }
    for (String trigger : TRIGGERS) {
      c.execute(trigger);
    }
    c.execute("DROP INDEX IF EXISTS " + OLD_RECENCY_INDEX);
    return null;
  }

  /**
   * Gives {@code cache} its usage row, counted from its entries, if it has none yet (the triggers
   * keep it from then on). In a transaction.
   */
  static int startCounting(SqliteConnection c, String cache) throws SQLException {
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
   * then what the hand finds unreferenced. Runs in the transaction of the write. Returns how many
   * live entries it evicted.
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
    return excess.isNone() ? 0 : sweep(c, excess);
  }

  /**
   * Moves the hand from where it stopped until {@code excess} is evicted: deletes the unreferenced
   * entries it passes and lowers the mark of the others, one batch of keys at a time, wrapping
   * around after the last key. Ends within {@value #READ} + 1 turns, as every entry it passes is
   * deleted or gets a lower mark (and gives up after one more: rows it cannot delete).
   */
  private long sweep(SqliteConnection c, Usage excess) throws SQLException {
    Usage before = usage(c);
    Usage left = excess;
    byte[] hand = hand(c);
    long evicted = 0;
    for (int wraps = 0; !left.isNone(); ) {
      byte[] reached = reach(c, hand, left);
      if (reached == null) {
        if (hand == null || ++wraps > READ + 2) {
          break;  // the cache is empty (or holds only what cannot be deleted)
        }
        hand = null;  // past the last key: on from the first
        continue;
      }
      evicted += pass(c, EVICT, hand, reached);
      pass(c, SECOND_CHANCE, hand, reached);
      hand = reached;
      Usage now = usage(c);
      left = excess.minus(before.entries() - now.entries(), before.bytes() - now.bytes());
    }
    PreparedStatement save = c.prepare(SAVE_HAND);
    save.setBytes(1, hand);
    save.setString(2, cache);
    save.executeUpdate();
    return evicted;
  }

  /**
   * Returns the key the hand reaches after {@code hand} (null: from the first key) when it has
   * passed unreferenced entries enough to free {@code left}, or at most a batch of entries; null
   * if there is no entry after {@code hand}.
   */
  private byte[] reach(SqliteConnection c, byte[] hand, Usage left) throws SQLException {
    PreparedStatement walk = c.prepare(hand == null ? WALK_FROM_START : WALK_ON);
    walk.setString(1, cache);
    if (hand != null) {
      walk.setBytes(2, hand);
    }
    byte[] reached = null;
    try (ResultSet rs = walk.executeQuery()) {
      while (!left.isNone() && rs.next()) {
        reached = rs.getBytes(1);
        if (rs.getInt(3) <= 0) {
          left = left.minus(1, rs.getLong(2));
        }
      }
    }
    return reached;
  }

  /** Runs {@code sql} on the entries passed from after {@code hand} up to {@code reached}. */
  private int pass(SqliteConnection c, String sql, byte[] hand, byte[] reached)
      throws SQLException {
    PreparedStatement ps = c.prepare(String.format(sql, hand == null ? PASSED_FROM_START
        : PASSED));
    ps.setString(1, cache);
    int i = 2;
    if (hand != null) {
      ps.setBytes(i++, hand);
    }
    ps.setBytes(i, reached);
    return ps.executeUpdate();
  }

  /** Returns the last key the hand passed (null: it starts from the first). */
  private byte[] hand(SqliteConnection c) throws SQLException {
    PreparedStatement ps = c.prepare(READ_HAND);
    ps.setString(1, cache);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }
}
