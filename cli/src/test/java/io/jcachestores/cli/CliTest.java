package io.jcachestores.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands against a loopback origin and a SQLite store, read back as JSON. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger originHits = new AtomicInteger();
  private String store;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      originHits.incrementAndGet();
      byte[] body = ("body of " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    store = "sqlite:" + dir.resolve("cli.db");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Runs the CLI, asserting its exit status, and returns what it printed. */
  private String run(int expectedStatus, String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedStatus, Main.run(args));
    } finally {
      System.setOut(saved);
    }
    return captured.toString(StandardCharsets.UTF_8).trim();
  }

  private JsonNode json(String... args) throws Exception {
    return JSON.readTree(run(0, args));
  }

  @Test
  void fetchTwiceIsAMissThenAHitAndStatsCountThem() throws Exception {
    JsonNode first = json("fetch", "--json", "--store", store, url("/a"));
    JsonNode second = json("fetch", "--json", "--store", store, url("/a"));

    assertEquals("MISS", first.get("cache").asText());
    assertEquals("HIT", second.get("cache").asText());
    assertEquals(200, second.get("status").asInt());
    assertEquals(1, originHits.get());
    JsonNode stats = json("stats", "--json", "--store", store);
    assertEquals(1, stats.get("hits").asInt());
    assertEquals(1, stats.get("misses").asInt());
    assertEquals(1, stats.get("responses").asInt());
    assertTrue(run(0, "fetch", "--store", store, url("/a")).startsWith("200 HIT"));
  }

  @Test
  void lsRmAndPurge() throws Exception {
    run(0, "fetch", "--store", store, url("/one"), url("/two"), url("/three"));

    JsonNode listed = json("ls", "--json", "--store", store);
    assertEquals(3, listed.size());
    assertEquals(url("/one"), listed.get(0).get("url").asText());
    assertEquals(1, json("rm", "--json", "--store", store, url("/one")).get("deleted").asInt());
    assertEquals(1, json("rm", "--json", "--store", store, "--match", "127.0.0.1*/tw")
        .get("deleted").asInt());
    assertEquals(0, json("purge", "--expired", "--json", "--store", store).get("deleted").asInt());
    assertEquals(1, json("ls", "--json", "--store", store).size());
    run(0, "purge", "--all", "--store", store);
    assertEquals(0, json("ls", "--json", "--store", store).size());
    run(2, "purge", "--store", store);
  }
}
