package io.jcachestores.store.sqlite;

import static io.jcachestores.store.sqlite.SqliteStorage.ENTRIES;

import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The entries of one cache in a SQLite file; a bounded one is held within its budget by
 * {@link SqliteBudget}.
 */
final class SqliteStore implements Store {

  /** Keys per {@code IN (...)} query: well below SQLite's limit on bound parameters. */
  private static final int CHUNK = 500;

  private static final String SELECT = "SELECT value, expires_at FROM " + ENTRIES
      + " WHERE cache = ? AND key = ?";
  /** A write marks the entry referenced (see {@link SqliteBudget}), in the row it writes. */
  private static final String UPSERT = "INSERT INTO " + ENTRIES
      + " (cache, key, value, expires_at, referenced) VALUES (?, ?, ?, ?, 1)"
      + " ON CONFLICT (cache, key) DO UPDATE SET value = excluded.value,"
      + " expires_at = excluded.expires_at, referenced = 1";
  private static final String DELETE = "DELETE FROM " + ENTRIES + " WHERE cache = ? AND key = ?";
  private static final String PAGE = "SELECT key, value, expires_at FROM " + ENTRIES
      + " WHERE cache = ? AND key > ? ORDER BY key LIMIT ?";

  private final SqliteStorage storage;
  private final String cache;
  /**
   * The point read of this cache, with its name as a SQL string literal: one bound parameter
   * (the key) instead of two, which is a measurable part of a get (benchmarks, round 6).
   */
  private final String select;
  /** Null for an unbounded cache. */
  private final SqliteBudget budget;
  private final LongConsumer evicted;

  SqliteStore(SqliteStorage storage, String cache) {
    this(storage, cache, null, n -> { });
  }

  SqliteStore(SqliteStorage storage, String cache, SqliteBudget budget, LongConsumer evicted) {
    this.storage = storage;
    this.cache = cache;
    this.select = selectOf(cache);
    this.budget = budget;
    this.evicted = evicted;
  }

  @Override
  public StoreEntry get(byte[] key) {
    return budget == null ? storage.read("get", cache, c -> select(c, key)) : getRecording(key);
  }

  /** Reads an entry of a bounded cache, marking it read if it is not marked so yet. */
  private StoreEntry getRecording(byte[] key) {
    boolean[] marked = new boolean[1];
    StoreEntry e = storage.read("get", cache, c -> {
      PreparedStatement ps = bindKey(c.prepare(SqliteBudget.SELECT_WITH_REFERENCE), key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        marked[0] = rs.getInt(3) >= SqliteBudget.READ;
        return new StoreEntry(key, SqliteValues.read(rs, 1), rs.getLong(2));
      }
    });
    if (e != null && !marked[0]) {
      storage.write("get", cache, c -> bindKey(c.prepare(SqliteBudget.MARK_REFERENCED), key)
          .executeUpdate());
    }
    return e;
  }

  /** Writes, then evicts in the same transaction if the cache is bounded and went over. */
  private void writeWithin(String operation, SqliteStorage.Work<?> work) {
    if (budget == null) {
      storage.batch(operation, cache, work);
      return;
    }
    evicted.accept(storage.batch(operation, cache, c -> {
      work.run(c);
      return budget.enforce(c, storage.now());
    }));
  }

  private StoreEntry select(SqliteConnection c, byte[] key) throws SQLException {
    PreparedStatement ps = c.prepare(select);
    if (select == SELECT) {  // a name with NUL: bound
      bindKey(ps, key);
    } else {
      ps.setBytes(1, key);
    }
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new StoreEntry(key, SqliteValues.read(rs, 1), rs.getLong(2)) : null;
    }
  }

  /**
   * Returns the point read of cache {@code cache}: its name as a SQL string literal (quotes
   * doubled, the only escape SQLite's string literals have), or {@link #SELECT} with the name
   * bound for a name holding a NUL character, which would end the SQL text. sqlite-jdbc turns SQL
   * and bound strings into UTF-8 the same way, so both compare equal to the name stored.
   */
  private static String selectOf(String cache) {
    if (cache.indexOf('\0') >= 0) {
      return SELECT;
    }
    return "SELECT value, expires_at FROM " + ENTRIES + " WHERE cache = '"
        + cache.replace("'", "''") + "' AND key = ?";
  }

  /** Binds this cache and {@code key} to parameters 1 and 2 of {@code ps}; returns {@code ps}. */
  private PreparedStatement bindKey(PreparedStatement ps, byte[] key) throws SQLException {
    ps.setString(1, cache);
    ps.setBytes(2, key);
    return ps;
  }

  private static StoreEntry entry(ResultSet rs) throws SQLException {
    return new StoreEntry(rs.getBytes(1), SqliteValues.read(rs, 2), rs.getLong(3));
  }

  @Override
  public List<StoreEntry> getAll(Collection<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return storage.read("getAll", cache, c -> {
      List<StoreEntry> found = new ArrayList<>(keys.size());
      List<byte[]> all = new ArrayList<>(keys);
      for (int from = 0; from < all.size(); from += CHUNK) {
        List<byte[]> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
        String sql = "SELECT key, value, expires_at FROM " + ENTRIES + " WHERE cache = ? AND key IN ("
            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareOnce(sql)) {
          ps.setString(1, cache);
          for (int i = 0; i < chunk.size(); i++) {
            ps.setBytes(i + 2, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.add(entry(rs));
            }
          }
        }
      }
      return found;
    });
  }

  @Override
  public void put(StoreEntry entry) {
    if (budget == null) {
      storage.write("put", cache, c -> upsert(c, entry));
    } else {
      writeWithin("put", c -> upsert(c, entry));
    }
  }

  private int upsert(SqliteConnection c, StoreEntry entry) throws SQLException {
    PreparedStatement ps = c.prepare(UPSERT);
    bindUpsert(ps, entry);
    return ps.executeUpdate();
  }

  private void bindUpsert(PreparedStatement ps, StoreEntry entry) throws SQLException {
    bindKey(ps, entry.key());
    SqliteValues.bind(ps, 3, entry.value());
    ps.setLong(4, entry.expiresAt());
  }

  @Override
  public void putAll(Collection<StoreEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    writeWithin("putAll", c -> {
      PreparedStatement ps = c.prepare(UPSERT);
      for (StoreEntry e : entries) {
        bindUpsert(ps, e);
        ps.addBatch();
      }
      return ps.executeBatch();
    });
  }

  @Override
  public boolean remove(byte[] key) {
    return storage.write("remove", cache, c -> delete(c, key)) > 0;
  }

  private int delete(SqliteConnection c, byte[] key) throws SQLException {
    return bindKey(c.prepare(DELETE), key).executeUpdate();
  }

  @Override
  public void removeAll(Collection<byte[]> keys) {
    if (keys.isEmpty()) {
      return;
    }
    storage.batch("removeAll", cache, c -> {
      PreparedStatement ps = c.prepare(DELETE);
      for (byte[] key : keys) {
        bindKey(ps, key).addBatch();
      }
      return ps.executeBatch();
    });
  }

  @Override
  public void clear() {
    storage.write("clear", cache, c -> {
      PreparedStatement ps = c.prepare("DELETE FROM " + ENTRIES + " WHERE cache = ?");
      ps.setString(1, cache);
      return ps.executeUpdate();
    });
  }

  @Override
  public Optional<Usage> usage() {
    return budget == null ? Optional.empty()
        : Optional.of(storage.read("usage", cache, budget::usage));
  }

  @Override
  public OptionalLong count() {
    return OptionalLong.of(storage.read("count", cache, c -> {
      PreparedStatement ps = c.prepare("SELECT count(*) FROM " + ENTRIES + " WHERE cache = ?");
      ps.setString(1, cache);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }));
  }

  @Override
  public StoreEntry compute(byte[] key, UnaryOperator<StoreEntry> remapping) {
    long[] evictions = new long[1];
    StoreEntry result = storage.transaction("compute", cache, c -> {
      StoreEntry current = select(c, key);
      StoreEntry next = remapping.apply(current);
      if (next == current) {
        return current;
      }
      if (next == null) {
        delete(c, key);
      } else {
        upsert(c, next);
        if (budget != null) {
          evictions[0] = budget.enforce(c, storage.now());
        }
      }
      return next;
    });
    evicted.accept(evictions[0]);
    return result;
  }

  @Override
  public Iterator<StoreEntry> iterator(int pageSize) {
    return new PageIterator(pageSize);
  }

  /** Reads entries in key order, one page per query, resuming after the last key read. */
  private final class PageIterator implements Iterator<StoreEntry> {
    private final int pageSize;
    private byte[] after = new byte[0];
    private List<StoreEntry> page = List.of();
    private int index;
    private boolean exhausted;

    PageIterator(int pageSize) {
      this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
      if (index < page.size()) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      page = storage.read("iterate", cache, c -> {
        PreparedStatement ps = c.prepare(PAGE);
        ps.setString(1, cache);
        ps.setBytes(2, after);
        ps.setInt(3, pageSize);
        List<StoreEntry> entries = new ArrayList<>(pageSize);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            entries.add(entry(rs));
          }
        }
        return entries;
      });
      index = 0;
      exhausted = page.size() < pageSize;
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).key();
      }
      return !page.isEmpty();
    }

    @Override
    public StoreEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.get(index++);
    }
  }
}
