package io.jcachestores.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;

/**
 * What the shape of the SQL costs, through sqlite-jdbc alone (issue 18): the variants of each
 * group run at the same time, one thread each on a file of its own, so that they share whatever
 * load the machine has and their ratio means something even on a busy machine. 1 KiB values over
 * 10,000 keys. Tables: {@code raw} ({@code RawSqlite}'s: text key, one value column),
 * {@code named} (ours: cache name and key bytes as the primary key, value and expiry read, the
 * name bound), {@code literal} ({@code named} with the name a literal in the SQL, so the key is
 * the one bound parameter, as the store reads), {@code literalValue} ({@code literal} reading
 * the value alone: what the second column costs), {@code framed} (a file format the store does
 * not have: one BLOB key column holding cache name and key, the expiry in the first 8 bytes of
 * the value), {@code id} (ours with an integer cache id in place of the name),
 * {@code checkpoint} ({@code named} with {@code wal_autocheckpoint} raised from 1,000 to 10,000
 * pages). Groups: get and put on each table; a read-modify-write on {@code named} in a
 * {@code BEGIN IMMEDIATE} transaction whose BEGIN and COMMIT are new statements each time (as
 * the store did) or prepared once.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqliteShapeBenchmark {

  private final Table raw = new Table("raw", null);
  private final Table named = new Table("named", null);
  private final Table id = new Table("id", null);
  private final Table checkpoint = new Table("named", "PRAGMA wal_autocheckpoint = 10000");
  private final Table named2 = new Table("named", null);
  private final Table literal = new Table("literal", null);
  private final Table framed = new Table("framed", null);
  private final Table literalValue = new Table("literalValue", null);
  private Path dir;

  /** One table in a file of its own, on one connection. */
  private static final class Table {
    final String shape;
    final String pragma;
    Connection connection;
    PreparedStatement select;
    PreparedStatement upsert;
    PreparedStatement begin;
    PreparedStatement commit;
    final byte[] value = Fixture.value();

    Table(String shape, String pragma) {
      this.shape = shape;
      this.pragma = pragma;
    }

    void open(Path file) throws SQLException {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setGetGeneratedKeys(false);
      connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      try (Statement s = connection.createStatement()) {
        if (pragma != null) {
          s.execute(pragma);
        }
        if (shape.equals("raw") || shape.equals("framed")) {
          s.execute("CREATE TABLE t (k " + (shape.equals("raw") ? "TEXT" : "BLOB")
              + " PRIMARY KEY, v BLOB NOT NULL)");
          select = connection.prepareStatement("SELECT v FROM t WHERE k = ?");
          upsert = connection.prepareStatement(
              "INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v");
        } else {
          s.execute("CREATE TABLE t (cache " + (shape.equals("id") ? "INTEGER" : "TEXT")
              + " NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,"
              + " PRIMARY KEY (cache, key))");
          select = connection.prepareStatement(switch (shape) {
            case "literal" -> "SELECT value, expires_at FROM t WHERE cache = 'bench' AND key = ?";
            case "literalValue" -> "SELECT value FROM t WHERE cache = 'bench' AND key = ?";
            default -> "SELECT value, expires_at FROM t WHERE cache = ? AND key = ?";
          });
          upsert = connection.prepareStatement("INSERT INTO t (cache, key, value, expires_at)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT (cache, key) DO UPDATE SET"
              + " value = excluded.value, expires_at = excluded.expires_at");
        }
      }
      begin = connection.prepareStatement("BEGIN IMMEDIATE");
      commit = connection.prepareStatement("COMMIT");
      connection.setAutoCommit(false);
      for (int i = 0; i < Fixture.KEYS; i++) {
        put(Fixture.key(i), Fixture.value());
      }
      connection.commit();
      connection.setAutoCommit(true);
    }

    private int bindKey(PreparedStatement ps, String key) throws SQLException {
      if (shape.equals("raw")) {
        ps.setString(1, key);
        return 2;
      }
      if (shape.equals("framed")) {
        ps.setBytes(1, ("bench\0" + key).getBytes(StandardCharsets.UTF_8));
        return 2;
      }
      if (ps == select && shape.startsWith("literal")) {
        ps.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
        return 2;
      }
      if (shape.equals("id")) {
        ps.setLong(1, 1);
      } else {
        ps.setString(1, "bench");
      }
      ps.setBytes(2, key.getBytes(StandardCharsets.UTF_8));
      return 3;
    }

    byte[] get(String key) throws SQLException {
      bindKey(select, key);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        byte[] v = rs.getBytes(1);
        if (shape.equals("framed")) {
          // the expiry in the first 8 bytes of the value; the value a copy without them
          return ByteBuffer.wrap(v).getLong() > 0 ? Arrays.copyOfRange(v, 8, v.length) : null;
        }
        return shape.equals("raw") || shape.equals("literalValue") || rs.getLong(2) > 0 ? v
            : null;
      }
    }

    void put(String key, byte[] v) throws SQLException {
      int next = bindKey(upsert, key);
      upsert.setBytes(next, shape.equals("framed")
          ? ByteBuffer.allocate(8 + v.length).putLong(Long.MAX_VALUE).put(v).array() : v);
      if (next == 3) {
        upsert.setLong(4, Long.MAX_VALUE);
      }
      upsert.executeUpdate();
    }

    void put() throws SQLException {
      put(Fixture.randomKey(), Fixture.changed(value));
    }

    /** A read then a write of one key in one transaction. */
    void readModifyWrite(boolean prepared) throws SQLException {
      String key = Fixture.randomKey();
      control(prepared, begin, "BEGIN IMMEDIATE");
      get(key);
      put(key, Fixture.changed(value));
      control(prepared, commit, "COMMIT");
    }

    private void control(boolean prepared, PreparedStatement ps, String sql) throws SQLException {
      if (prepared) {
        ps.execute();
      } else {
        try (Statement s = connection.createStatement()) {
          s.execute(sql);
        }
      }
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Fixture.tempDir("shape");
    raw.open(dir.resolve("raw.db"));
    named.open(dir.resolve("named.db"));
    id.open(dir.resolve("id.db"));
    checkpoint.open(dir.resolve("checkpoint.db"));
    named2.open(dir.resolve("named2.db"));
    literal.open(dir.resolve("literal.db"));
    framed.open(dir.resolve("framed.db"));
    literalValue.open(dir.resolve("literalValue.db"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (Table t : new Table[] {raw, named, id, checkpoint, named2, literal, framed,
        literalValue}) {
      t.connection.close();
    }
    Fixture.deleteTree(dir);
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public byte[] getRaw() throws SQLException {
    return raw.get(Fixture.randomKey());
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public byte[] getNamed() throws SQLException {
    return named.get(Fixture.randomKey());
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public byte[] getLiteral() throws SQLException {
    return literal.get(Fixture.randomKey());
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public byte[] getLiteralValue() throws SQLException {
    return literalValue.get(Fixture.randomKey());
  }

  @Benchmark
  @Group("get")
  @GroupThreads(1)
  public byte[] getFramed() throws SQLException {
    return framed.get(Fixture.randomKey());
  }

  @Benchmark
  @Group("put")
  @GroupThreads(1)
  public void putRaw() throws SQLException {
    raw.put();
  }

  @Benchmark
  @Group("put")
  @GroupThreads(1)
  public void putNamed() throws SQLException {
    named.put();
  }

  @Benchmark
  @Group("put")
  @GroupThreads(1)
  public void putId() throws SQLException {
    id.put();
  }

  @Benchmark
  @Group("put")
  @GroupThreads(1)
  public void putCheckpoint() throws SQLException {
    checkpoint.put();
  }

  @Benchmark
  @Group("transaction")
  @GroupThreads(1)
  public void newStatements() throws SQLException {
    named.readModifyWrite(false);
  }

  @Benchmark
  @Group("transaction")
  @GroupThreads(1)
  public void preparedStatements() throws SQLException {
    named2.readModifyWrite(true);
  }
}
