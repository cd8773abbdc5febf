package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.jcachestores.store.dynamodb.DynamoLocal;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The README's views of a stored response, captured from the real stores: a response cached
 * through a client, read back with each store's own driver or tool (the mongo shell's notation of
 * the Java driver, DynamoDB JSON of the {@code GetItem} item, {@code sqlite3} or, without it,
 * the same SQL through JDBC). Each view is written to
 * {@code target/stored-response-views/<store>.txt}, whence the README's copies come.
 */
class StoredResponseViewsTest {

  static final String BODY = "hello from the demo origin\n";

  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("io.jcachestores.http.TestStores#all")
  void aStoredResponseAsTheStoresOwnToolsShowIt(TestStores store) throws Exception {
    URI uri = store.newUri(dir, "views");
    String url;
    try (Origin origin = new Origin().route("/hello", r -> Origin.Response.ok(BODY,
            "Cache-Control", "max-age=60", "Content-Type", "text/plain; charset=utf-8"));
        JCacheHttpCaching caching = JCacheHttpCaching.builder().store(uri).build();
        CloseableHttpClient client = caching.newClassicClient()) {
      url = origin.url("/hello");
      assertEquals(BODY, Clients.get(client, url).body());
      assertEquals(BODY, Clients.get(client, url).body());
      assertEquals(1, origin.count(), "the second GET is a hit");
    }
    String view = switch (store) {
      case SQLITE -> sqliteView(dir.resolve("views.db"));
      case MONGODB -> mongoView(uri);
      case DYNAMODB -> dynamoView(uri);
    };
    Path out = Path.of("target", "stored-response-views", store.name().toLowerCase() + ".txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, view);
    System.out.println(store + ":\n" + view);
    assertTrue(view.contains(url), view);
    assertTrue(view.contains("hello from the demo origin"), view);
    assertTrue(view.contains("200"), view);
  }

  /** The document as the mongo shell prints it (the Java driver's shell notation). */
  private static String mongoView(URI uri) {
    ConnectionString cs = new ConnectionString(uri.toString().replaceAll("[?&]timeout=[^&]*",
        ""));
    try (MongoClient client = MongoClients.create(cs)) {
      Document doc = client.getDatabase(cs.getDatabase()).getCollection("jcache.http").find()
          .first();
      return doc.toJson(JsonWriterSettings.builder().outputMode(JsonMode.SHELL).indent(true)
          .build());
    }
  }

  /** The item as {@code aws dynamodb get-item} prints it (DynamoDB JSON). */
  private static String dynamoView(URI uri) throws IOException {
    String table = uri.getSchemeSpecificPart().substring(0, uri.getSchemeSpecificPart()
        .indexOf('?'));
    try (DynamoDbClient client = DynamoLocal.shared().client()) {
      Map<String, AttributeValue> entry = null;
      for (Map<String, AttributeValue> item : client.scan(b -> b.tableName(table)).items()) {
        if (item.containsKey("v")) {
          entry = item;
        }
      }
      Map<String, AttributeValue> key = Map.of("k", entry.get("k"));
      Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key)
          .consistentRead(true)).item();
      return "{\"Item\": " + attributes(item, "") + "}\n";
    }
  }

  /**
   * Returns attributes as DynamoDB JSON, names sorted as the AWS CLI prints them: one per line
   * down to the fields of the value's map, each field's value on one line.
   */
  private static String attributes(Map<String, AttributeValue> attributes, String indent)
      throws IOException {
    StringBuilder out = new StringBuilder("{");
    String inner = indent + "    ";
    String separator = "\n" + inner;
    for (Map.Entry<String, AttributeValue> e : new TreeMap<>(attributes).entrySet()) {
      out.append(separator).append('"').append(e.getKey()).append("\": ");
      out.append(e.getValue().type() == AttributeValue.Type.M && indent.isEmpty()
          ? "{\"M\": " + attributes(e.getValue().m(), inner) + "}" : compact(e.getValue()));
      separator = ",\n" + inner;
    }
    return out.append('\n').append(indent).append('}').toString();
  }

  private static String compact(AttributeValue v) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
      g.setPrettyPrinter(new com.fasterxml.jackson.core.util.MinimalPrettyPrinter() {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator jg) throws IOException {
          jg.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator jg) throws IOException {
          jg.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator jg) throws IOException {
          jg.writeRaw(", ");
        }
      });
      write(g, v);
    }
    return text.toString();
  }

  /** Writes one attribute value as DynamoDB JSON. */
  private static void write(JsonGenerator g, AttributeValue v) throws IOException {
    g.writeStartObject();
    switch (v.type()) {
      case S -> g.writeStringField("S", v.s());
      case N -> g.writeStringField("N", v.n());
      case B -> g.writeStringField("B", java.util.Base64.getEncoder().encodeToString(
          v.b().asByteArray()));
      case BOOL -> g.writeBooleanField("BOOL", v.bool());
      case NUL -> g.writeBooleanField("NULL", true);
      case M -> {
        g.writeObjectFieldStart("M");
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(v.m()).entrySet()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case L -> {
        g.writeArrayFieldStart("L");
        for (AttributeValue e : v.l()) {
          write(g, e);
        }
        g.writeEndArray();
      }
      default -> throw new IllegalStateException("not in our items: " + v.type());
    }
    g.writeEndObject();
  }

  private static final String SQL = "SELECT json_extract(value, '$.url'), "
      + "json_extract(value, '$.status'), json_extract(value, '$.body') "
      + "FROM jcache_entries WHERE cache = 'http';";

  /**
   * The row as {@code sqlite3 FILE "SQL"} prints it; without {@code sqlite3}, the same SQL
   * through JDBC, printed as sqlite3 does (columns joined by {@code |}).
   */
  private static String sqliteView(Path file) throws Exception {
    String prompt = "sqlite> " + SQL + "\n";
    try {
      Process p = new ProcessBuilder("sqlite3", file.toString(), SQL).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return prompt + out;
      }
    } catch (IOException noSqlite3) {
      // not installed: JDBC below
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery(SQL)) {
      StringBuilder out = new StringBuilder(prompt);
      while (rs.next()) {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          columns.add(rs.getString(i));
        }
        out.append(String.join("|", columns)).append('\n');
      }
      return out.toString();
    }
  }
}
