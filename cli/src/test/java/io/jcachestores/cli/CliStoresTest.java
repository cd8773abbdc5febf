package io.jcachestores.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI opens every store it names: its module carries the MongoDB and DynamoDB drivers. */
class CliStoresTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static HttpServer origin;

  @BeforeAll
  static void start() throws Exception {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", exchange -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    origin.start();
  }

  @AfterAll
  static void stop() {
    origin.stop(0);
  }

  private static JsonNode json(String... args) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run(args), String.join(" ", args));
    } finally {
      System.setOut(saved);
    }
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  /** Runs the CLI and returns its exit status and the first line of standard error. */
  private static String failure(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.run(args) + " " + err.toString(StandardCharsets.UTF_8).lines().findFirst()
          .orElse("");
    } finally {
      System.setErr(saved);
    }
  }

  private static void fetchTwiceThenList(String store, String missing) throws Exception {
    String line = failure("ls", "--store", store);
    assertTrue(line.startsWith("3 jcache-stores ls: ") && line.contains(missing), line);
    String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/" + store.hashCode();
    assertEquals("MISS", json("fetch", "--json", "--store", store, url).get(0).get("cache")
        .asText());
    assertEquals("HIT", json("fetch", "--json", "--store", store, url).get(0).get("cache")
        .asText());
    JsonNode listed = json("ls", "--json", "--store", store);
    assertEquals(1, listed.size());
    assertEquals(url, listed.get(0).get("url").asText());
    JsonNode stats = json("stats", "--json", "--store", store);
    assertEquals(1, stats.get("hits").asInt());
    assertTrue(stats.get("storedBytes").asLong() > 5);
  }

  @Test
  void mongodb() throws Exception {
    try (MongoTestServer server = MongoTestServer.startInProcess()) {
      fetchTwiceThenList(server.uri(), "holds no jcache-stores caches");
    }
  }

  @Test
  void dynamodb() throws Exception {
    DynamoLocal local = DynamoLocal.shared();
    // the CLI takes credentials from the SDK's default chain, as a user's shell would give them
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try {
      // the same URI for every command: mustExist wins over createIfNotExists for ls
      // a patient timeout: DynamoDB Local's first answers are slow on a loaded machine
      fetchTwiceThenList(local.uri(DynamoLocal.freshTable("cli"),
          "createIfNotExists=true&timeout=60s").toString(), "the table does not exist");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
