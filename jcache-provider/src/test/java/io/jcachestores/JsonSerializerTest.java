package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcachestores.spi.ReadableForm;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON serializer: records as readable documents, no allowlist, other shapes are misses. */
class JsonSerializerTest {

  /** Not Serializable, and never allowed: JSON needs neither. */
  public record Person(String name, int age, List<String> tags, BigDecimal balance) {}

  /** A record whose property name no store takes as a field name. */
  public record Odd(@com.fasterxml.jackson.annotation.JsonProperty("$value") String value) {}

  /** A bean. */
  public static final class Account {
    private String id;
    private long cents;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public long getCents() {
      return cents;
    }

    public void setCents(long cents) {
      this.cents = cents;
    }
  }

  @TempDir Path dir;
  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void close() {
    managers.forEach(CacheManager::close);
  }

  private CacheManager manager(Properties properties) {
    CacheManager m = Sqlite.manager(dir.resolve("json.db"), properties);
    managers.add(m);
    return m;
  }

  private static Person ada() {
    return new Person("Ada", 36, List.of("math", "engines"), new BigDecimal("12.345678901234567890"));
  }

  private Cache<String, Person> people(Properties properties) {
    return manager(properties).createCache("people", new StoreConfiguration<String, Person>()
        .setTypes(String.class, Person.class)
        .serializer(Serializer.json(Person.class)));
  }

  private String sql(String select) throws Exception {
    try (Connection c = Sqlite.jdbc(dir.resolve("json.db"));
        PreparedStatement ps = c.prepareStatement(select + " FROM jcache_entries "
            + "WHERE cache = 'people' AND key = ?")) {
      ps.setBytes(1, ReadableForm.bytes("ada"));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void setRaw(Object value) throws Exception {
    try (Connection c = Sqlite.jdbc(dir.resolve("json.db"));
        PreparedStatement ps = c.prepareStatement("UPDATE jcache_entries SET value = ? "
            + "WHERE cache = 'people' AND key = ?")) {
      ps.setObject(1, value);
      ps.setBytes(2, ReadableForm.bytes("ada"));
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Test
  void aRecordIsAReadableDocumentAndNeedsNoAllowlist() throws Exception {
    Cache<String, Person> people = people(new Properties());
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("Ada", sql("SELECT json_extract(value, '$.name')"));
    assertEquals("integer", sql("SELECT json_type(value, '$.age')"));
    assertEquals("engines", sql("SELECT json_extract(value, '$.tags[1]')"));
    assertEquals("12.345678901234567890", sql("SELECT json_extract(value, '$.balance')"));
  }

  @Test
  void theManagerOptionAppliesToCachesWithADeclaredValueType() throws Exception {
    Properties json = new Properties();
    json.setProperty("serializer", "json");
    CacheManager manager = manager(json);
    Cache<String, Person> people = manager.createCache("people",
        new MutableConfiguration<String, Person>().setTypes(String.class, Person.class));
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("36", sql("SELECT json_extract(value, '$.age')"));

    Cache<String, Account> accounts = manager.createCache("accounts",
        new MutableConfiguration<String, Account>().setTypes(String.class, Account.class));
    Account account = new Account();
    account.setId("a-1");
    account.setCents(-5);
    accounts.put("a", account);
    assertEquals(-5, accounts.get("a").getCents());

    Cache<Object, Object> untyped = manager.createCache("untyped", new MutableConfiguration<>());
    untyped.put("m", new HashMap<>(Map.of("k", "v")));
    assertEquals(Map.of("k", "v"), untyped.get("m"), "Object values keep the codec");
  }

  @Test
  void documentsOfAnotherShapeAreMissesNotExceptions() throws Exception {
    Cache<String, Person> people = people(new Properties());
    List<Object> others = List.of(
        "{\"name\":\"Eve\",\"age\":1,\"tags\":[],\"balance\":1,\"admin\":true}",  // unknown field
        "{\"name\":\"Eve\"}",                                                     // missing ones
        "{\"name\":\"Eve\",\"age\":null,\"tags\":[],\"balance\":1}",              // null primitive
        "[1,2]",                                                                   // a list
        "{\"@class\":\"java.io.File\",\"name\":\"x\",\"age\":1,\"tags\":[],\"balance\":1}",
        ReadableForm.bytes("just a string"),
        javaSerialized(new ArrayList<>(List.of("x"))));                           // Java, allowed JDK type
    for (Object other : others) {
      people.put("ada", ada());
      setRaw(other);
      assertNull(people.get("ada"), String.valueOf(other));
    }
  }

  private static byte[] javaSerialized(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write('J');
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  @Test
  void aSignedJsonCacheRefusesATamperedDocument() throws Exception {
    Properties signed = new Properties();
    signed.setProperty("secretKey", "json-secret");
    Cache<String, Person> people = people(signed);
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("Ada", sql("SELECT json_extract(value, '$.value.name')"));
    try (Connection c = Sqlite.jdbc(dir.resolve("json.db"))) {
      c.createStatement().executeUpdate("UPDATE jcache_entries SET value = "
          + "json_set(value, '$.value.age', 99) WHERE cache = 'people'");
    }
    assertNull(people.get("ada"));
  }

  @Test
  void aPropertyNameNoStoreCanHoldIsStoredAsJsonBytes() {
    Cache<String, Odd> odd = manager(new Properties()).createCache("odd",
        new StoreConfiguration<String, Odd>().setTypes(String.class, Odd.class)
            .serializer(Serializer.json(Odd.class)));
    odd.put("o", new Odd("x"));
    assertEquals(new Odd("x"), odd.get("o"));
    Object stored = Serializer.json(Odd.class).serialize(new Odd("y"));
    assertArrayEquals("{\"$value\":\"y\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        assertInstanceOf(byte[].class, stored));
  }

  @Test
  void theJsonSerializerNeedsADeclaredType() {
    assertThrows(IllegalArgumentException.class, () -> Serializer.json(Object.class));
    Properties wrong = new Properties();
    wrong.setProperty("serializer", "yaml");
    assertThrows(IllegalArgumentException.class, () -> manager(wrong));
  }
}
