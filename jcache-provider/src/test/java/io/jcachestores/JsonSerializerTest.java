package io.jcachestores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The JSON serializer on every store: records as readable documents (read through the store's
 * own driver), no allowlist, other shapes are misses.
 */
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
  private final List<AutoCloseable> opened = new ArrayList<>();
  private RawStore raw;

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private void open(RawStore.Kind kind) {
    raw = kind.open(dir);
    opened.add(raw);
  }

  private CacheManager manager(Properties properties) {
    CacheManager m = raw.manager(properties);
    opened.add(m);
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

  /**
   * Returns the field at {@code path} (field names and list indexes) of the document stored for
   * {@code key} of {@code cache}, as the store's own driver reads it: its type ({@code string},
   * {@code integer}, {@code decimal}) and its text, e.g. {@code "integer 36"}.
   */
  private String field(String cache, String key, Object... path) throws Exception {
    Object node = raw.value(cache, key);
    if (node instanceof String json) {  // SQLite: JSON text
      JsonNode n = new ObjectMapper().readTree(json);
      for (Object step : path) {
        n = step instanceof Integer i ? n.get(i) : n.get((String) step);
      }
      return (n.isTextual() ? "string " : n.isIntegralNumber() ? "integer " : "decimal ")
          + n.asText();
    } else if (node instanceof BsonValue bson) {  // MongoDB
      for (Object step : path) {
        bson = step instanceof Integer i ? bson.asArray().get(i)
            : ((BsonDocument) bson).get((String) step);
      }
      return bson.isString() ? "string " + bson.asString().getValue()
          : bson.isInt64() ? "integer " + bson.asInt64().getValue()
          : bson.isInt32() ? "integer " + bson.asInt32().getValue()
          : "decimal " + bson.asNumber().doubleValue();
    }
    AttributeValue v = (AttributeValue) node;  // DynamoDB
    for (Object step : path) {
      v = step instanceof Integer i ? v.l().get(i) : v.m().get((String) step);
    }
    return v.s() != null ? "string " + v.s()
        : (v.n().matches("-?\\d+") ? "integer " : "decimal ") + v.n();
  }

  /**
   * Overwrites the stored value of {@code key} of {@code cache} with what the store holds for
   * {@code value} written by an untyped cache: a document (or string) of another shape, written
   * natively, as another program could.
   */
  private void overwrite(CacheManager manager, String cache, String key, Object value) {
    Cache<String, Object> scratch = manager.getCache("scratch", String.class, Object.class);
    if (scratch == null) {
      scratch = manager.createCache("scratch", new StoreConfiguration<String, Object>()
          .setTypes(String.class, Object.class));
    }
    scratch.put(key, value);
    raw.setValue(cache, key, raw.value("scratch", key));
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aRecordIsAReadableDocumentAndNeedsNoAllowlist(RawStore.Kind kind) throws Exception {
    open(kind);
    Cache<String, Person> people = people(new Properties());
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("string Ada", field("people", "ada", "name"));
    assertEquals("integer 36", field("people", "ada", "age"));
    assertEquals("string engines", field("people", "ada", "tags", 1));
    assertEquals("string 12.345678901234567890", field("people", "ada", "balance"));
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void theManagerOptionAppliesToCachesWithADeclaredValueType(RawStore.Kind kind)
      throws Exception {
    open(kind);
    Properties json = new Properties();
    json.setProperty("serializer", "json");
    CacheManager manager = manager(json);
    Cache<String, Person> people = manager.createCache("people",
        new MutableConfiguration<String, Person>().setTypes(String.class, Person.class));
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("integer 36", field("people", "ada", "age"));

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

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void documentsOfAnotherShapeAreMissesNotExceptions(RawStore.Kind kind) throws Exception {
    open(kind);
    Cache<String, Person> people = people(new Properties());
    CacheManager manager = people.getCacheManager();
    Map<String, Object> nullAge = new HashMap<>(Map.of("name", "Eve", "tags", List.of(),
        "balance", 1L));
    nullAge.put("age", null);
    List<Object> others = List.of(
        Map.of("name", "Eve", "age", 1L, "tags", List.of(), "balance", 1L, "admin", true),
        Map.of("name", "Eve"),                                                    // missing ones
        nullAge,                                                                  // null primitive
        List.of(1L, 2L),                                                          // a list
        Map.of("@class", "java.io.File", "name", "x", "age", 1L, "tags", List.of(),
            "balance", 1L),
        "just a string");
    for (Object other : others) {
      people.put("ada", ada());
      overwrite(manager, "people", "ada", other);
      assertNull(people.get("ada"), String.valueOf(other));
    }
    people.put("ada", ada());
    raw.setBytes("people", "ada", javaSerialized(new ArrayList<>(List.of("x"))));  // allowed JDK type
    assertNull(people.get("ada"), "Java serialization");
  }

  private static byte[] javaSerialized(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write('J');
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aSignedJsonCacheRefusesAnotherDocument(RawStore.Kind kind) throws Exception {
    open(kind);
    Properties signed = new Properties();
    signed.setProperty("secretKey", "json-secret");
    Cache<String, Person> people = people(signed);
    people.put("ada", ada());
    assertEquals(ada(), people.get("ada"));
    assertEquals("string Ada", field("people", "ada", "value", "name"));
    Person eve = new Person("Eve", 99, List.of(), BigDecimal.ONE);
    people.put("eve", eve);
    raw.setValue("people", "ada", raw.value("people", "eve"));  // validly signed, for eve
    assertNull(people.get("ada"));
    assertEquals(eve, people.get("eve"));
    overwrite(people.getCacheManager(), "people", "eve",  // signed for another cache
        Map.of("name", "Eve", "age", 99L, "tags", List.of(), "balance", "1"));
    assertNull(people.get("eve"));
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void aPropertyNameNoStoreCanHoldIsStoredAsJsonBytes(RawStore.Kind kind) {
    open(kind);
    Cache<String, Odd> odd = manager(new Properties()).createCache("odd",
        new StoreConfiguration<String, Odd>().setTypes(String.class, Odd.class)
            .serializer(Serializer.json(Odd.class)));
    odd.put("o", new Odd("x"));
    assertEquals(new Odd("x"), odd.get("o"));
    Object stored = Serializer.json(Odd.class).serialize(new Odd("y"));
    assertArrayEquals("{\"$value\":\"y\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        assertInstanceOf(byte[].class, stored));
  }

  @ParameterizedTest
  @EnumSource(RawStore.Kind.class)
  void theJsonSerializerNeedsADeclaredType(RawStore.Kind kind) {
    open(kind);
    manager(new Properties());  // the store exists
    assertThrows(IllegalArgumentException.class, () -> Serializer.json(Object.class));
    Properties wrong = new Properties();
    wrong.setProperty("serializer", "yaml");
    assertThrows(IllegalArgumentException.class, () -> manager(wrong));
  }
}
