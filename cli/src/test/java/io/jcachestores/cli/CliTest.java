package io.jcachestores.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      if (exchange.getRequestURI().getPath().endsWith(".txt")) {
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      }
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

  /** What one run of the CLI printed. */
  private record Printed(String out, String err) {
    /** Returns the first line of standard error. */
    String firstErrorLine() {
      return err.lines().findFirst().orElse("");
    }
  }

  /** Runs the CLI, asserting its exit status, and returns what it printed. */
  private Printed runCapturing(int expectedStatus, String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = Main.run(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    Printed printed = new Printed(out.toString(StandardCharsets.UTF_8).trim(),
        err.toString(StandardCharsets.UTF_8).trim());
    assertEquals(expectedStatus, status, () -> "exit status of " + String.join(" ", args)
        + "; printed " + printed);
    return printed;
  }

  /** Runs the CLI, asserting its exit status, and returns what it printed on standard output. */
  private String run(int expectedStatus, String... args) {
    return runCapturing(expectedStatus, args).out();
  }

  /** Asserts that the CLI fails with one line on standard error, and returns that line. */
  private String fails(int expectedStatus, String... args) {
    Printed printed = runCapturing(expectedStatus, args);
    assertEquals(1, printed.err().lines().count(), () -> "one line: " + printed.err());
    assertFalse(printed.err().contains("\tat "), printed.err());
    return printed.firstErrorLine();
  }

  private JsonNode json(String... args) throws Exception {
    return JSON.readTree(run(0, args));
  }

  @Test
  void fetchTwiceIsAMissThenAHitAndStatsCountThem() throws Exception {
    JsonNode first = json("fetch", "--json", "--store", store, url("/a")).get(0);
    JsonNode second = json("fetch", "--json", "--store", store, url("/a")).get(0);

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
  void maxSizeBoundsTheCacheAndStatsShowTheBudgetAndWhatIsUsed() throws Exception {
    JsonNode unbounded = json("fetch", "--json", "--store", store, url("/first"));
    assertEquals("MISS", unbounded.get(0).get("cache").asText());
    JsonNode stats = json("stats", "--json", "--store", store);
    assertTrue(stats.get("maxBytes").isNull(), "a named store is unbounded by default");
    assertFalse(stats.has("usedBytes"), "an unbounded cache keeps no count");
    assertEquals("unbounded", run(0, "stats", "--store", store).lines()
        .filter(l -> l.startsWith("budget")).findFirst().orElseThrow().substring(11));

    List<String> fetch = new ArrayList<>(List.of("fetch", "--store", store, "--max-size", "2KiB"));
    for (int i = 0; i < 20; i++) {
      fetch.add(url("/page-" + i));
    }
    run(0, fetch.toArray(String[]::new));
    stats = json("stats", "--json", "--store", store);
    assertEquals(2048, stats.get("maxBytes").asLong());
    assertTrue(stats.get("usedBytes").asLong() <= 2048, stats.toString());
    assertTrue(stats.get("responses").asInt() < 20, "the least recent went: " + stats);
    assertEquals(stats.get("storedBytes").asLong() == 0, stats.get("usedEntries").asLong() == 0);
    String line = run(0, "stats", "--store", store).lines()
        .filter(l -> l.startsWith("budget")).findFirst().orElseThrow();
    assertTrue(line.matches("budget     2\\.0 KiB \\(.* in \\d+ entries used, \\d+ %\\)"), line);
    assertTrue(fails(2, "fetch", "--store", store, "--max-size", "big", url("/a"))
        .contains("--max-size"));
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

  @Test
  void showPrintsTheStoredHeadersAndBody() throws Exception {
    run(0, "fetch", "--store", store, url("/note.txt"), url("/blob"));

    String shown = run(0, "show", "--store", store, url("/note.txt"));
    assertTrue(shown.startsWith("GET http://") && shown.contains("/note.txt -> 200"), shown);
    assertTrue(shown.toLowerCase(java.util.Locale.ROOT)
        .contains("content-type: text/plain; charset=utf-8"), shown);
    assertTrue(shown.endsWith("body of /note.txt"), shown);

    JsonNode json = json("show", "--json", "--store", store, url("/blob")).get(0);
    assertEquals(200, json.get("status").asInt());
    assertEquals("body of /blob", new String(java.util.Base64.getDecoder().decode(
        json.get("bodyBase64").asText()), StandardCharsets.UTF_8));
    assertEquals(2, originHits.get(), "show reads the store only");

    assertEquals("jcache-stores show: Nothing is stored for " + url("/none"),
        fails(3, "show", "--store", store, url("/none")));
  }

  // ------------------------------------------------------------ errors: one line, an exit code

  @Test
  void aUrlWithoutSchemeIsAUsageErrorThatSaysHowToWriteIt() {
    String line = fails(2, "fetch", "--store", store, "127.0.0.1:8765/hello");
    assertEquals("jcache-stores fetch: 127.0.0.1:8765/hello: not an absolute http(s) URL: write "
        + "it with its scheme, e.g. http://127.0.0.1:8765/hello", line);
  }

  @Test
  void aUrlWithASpaceIsAUsageError() {
    String line = fails(2, "fetch", "--store", store, "http://exa mple.com/");
    assertTrue(line.startsWith("jcache-stores fetch: http://exa mple.com/: not a valid URL: "),
        line);
    assertTrue(line.endsWith("(write a space as %20)"), line);
  }

  @Test
  void anUnsupportedOrMissingStoreSchemeIsAUsageError() {
    String redis = fails(2, "fetch", "--store", "redis://localhost/0", url("/a"));
    assertTrue(redis.startsWith("jcache-stores fetch: Unsupported CacheManager URI "
        + "'redis://localhost/0': the scheme must be one of [dynamodb, mongodb, mongodb+srv, "
        + "sqlite]"), redis);
    String path = dir.resolve("plain.db").toString();
    String plain = fails(2, "ls", "--store", path);
    assertTrue(plain.contains("write sqlite:" + path + " for a SQLite file"), plain);
    assertEquals(0, originHits.get());
  }

  @Test
  void malformedOptionValuesAreUsageErrors() {
    assertEquals("jcache-stores fetch: Option '--expire-after' is 'banana'; expected a duration "
        + "such as 500ms, 5s, 10m or PT5S",
        fails(2, "fetch", "--store", store, "--expire-after", "banana", url("/a")));
    assertTrue(fails(2, "fetch", "--store", store, "--expire-after", "-5s", url("/a"))
        .contains("'--expire-after' is '-5s'"));
    assertEquals("jcache-stores fetch: -H 'NoColon' is not a header: write NAME: VALUE, e.g. "
        + "-H 'Accept: application/json'",
        fails(2, "fetch", "--store", store, "-H", "NoColon", url("/a")));
    assertEquals(0, originHits.get(), "nothing was fetched");
    assertEquals("jcache-stores fetch: Unknown option: '--expire' (see 'jcache-stores fetch "
        + "--help')", fails(2, "fetch", "--store", store, "--expire", "5s", url("/a")));
  }

  @Test
  void aBareNumberIsMillisecondsAsInTheStoreOptions() {
    run(0, "fetch", "--store", store, "--expire-after", "5000", url("/a"));
  }

  @Test
  void aMisspelledStoreOptionIsRefusedWithTheKnownOnes() {
    String line = fails(2, "fetch", "--store", store + "?busyTimout=10s", url("/a"));
    assertTrue(line.startsWith("jcache-stores fetch: Unknown option 'busyTimout' in the "
        + "CacheManager URI"), line);
    assertTrue(line.contains("busyTimeout"), line);
    assertFalse(Files.exists(dir.resolve("cli.db")));
  }

  @Test
  void aFolderOrAFileThatIsNotADatabaseIsAStoreError() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.db"));
    String line = fails(3, "fetch", "--store", "sqlite:" + folder, url("/a"));
    assertTrue(line.endsWith("it is a folder, not a file"), line);
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database ".repeat(100));
    line = fails(3, "ls", "--store", "sqlite:" + text);
    assertTrue(line.endsWith("the file is not a SQLite database"), line);
    line = fails(3, "fetch", "--store", "sqlite:" + text, url("/a"));
    assertTrue(line.endsWith("the file is not a SQLite database"), line);
  }

  @Test
  void aCacheOfSomethingElseIsNamedAsSuch() {
    run(0, "fetch", "--store", store, url("/a"));
    String line = fails(2, "ls", "--store", store, "--cache", "http.stats");
    assertTrue(line.startsWith("jcache-stores ls: Cache 'http.stats' in " + store + " is not an "
        + "HTTP cache ("), line);
    assertTrue(line.endsWith("e.g. http, http.stats"), line);
    assertTrue(fails(3, "ls", "--store", store, "--cache", "htp")
        .endsWith("There is no cache 'htp' in " + store + " (its caches: http, http.stats); "
            + "fetch creates it"));
  }

  @Test
  void readCommandsCreateNothing() {
    Path missing = dir.resolve("nonexistent/dir/c.db");
    for (String[] command : List.of(new String[] {"ls"}, new String[] {"stats"},
        new String[] {"purge", "--expired"}, new String[] {"purge", "--all"},
        new String[] {"rm", "--match", "*"}, new String[] {"ls", "--json"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--store", "sqlite:" + missing));
      String line = fails(3, args.toArray(String[]::new));
      assertTrue(line.endsWith("There is no SQLite file " + missing
          + " (option mustExist: nothing is created); fetch creates the store"), line);
    }
    assertFalse(Files.exists(dir.resolve("nonexistent")), "no folder, no file");
  }

  @Test
  void rmWithoutArgumentsIsAUsageErrorPointingToItsHelp() {
    run(0, "fetch", "--store", store, url("/a"));
    assertEquals("jcache-stores rm: Give URLs or --match PATTERN (see 'jcache-stores rm --help')",
        fails(2, "rm", "--store", store));
  }

  @Test
  void aBatchReportsEachFailureAndGoesOn() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String unreachable = "http://127.0.0.1:" + closedPort + "/x";
    Printed printed = runCapturing(4, "fetch", "--store", store, "example.com/a",
        unreachable, url("/ok"), url("/missing?api_key=secret"), "--ignore-param", "api_key");
    List<String> errors = printed.err().lines().toList();
    assertEquals(List.of("jcache-stores fetch: example.com/a: not an absolute http(s) URL: "
            + "write it with its scheme, e.g. http://example.com/a",
        "jcache-stores fetch: " + unreachable + ": connection to 127.0.0.1 refused (is the "
            + "server running?)"), errors);
    List<String> lines = printed.out().lines().toList();
    assertEquals(2, lines.size(), printed.out());
    assertTrue(lines.get(0).startsWith("200 MISS            age 0s    body"), lines.get(0));
    assertTrue(lines.get(1).endsWith(url("/missing?api_key=***")), lines.get(1));
    assertFalse(printed.out().contains("secret"));
    assertEquals(2, originHits.get(), "the URLs after the failures were fetched");
  }

  @Test
  void fetchJsonIsOneDocumentHoldingTheFailuresToo() throws Exception {
    Printed printed = runCapturing(2, "fetch", "--json", "--store", store, url("/a"),
        "nope", url("/b"));
    JsonNode all = JSON.readTree(printed.out());
    assertEquals(3, all.size());
    assertEquals("MISS", all.get(0).get("cache").asText());
    assertEquals("nope", all.get(1).get("url").asText());
    assertEquals(2, all.get(1).get("exitCode").asInt());
    assertTrue(all.get(1).get("error").asText().startsWith("not an absolute http(s) URL"));
    assertEquals(200, all.get(2).get("status").asInt());
    assertEquals(1, printed.err().lines().count(), printed.err());
  }

  @Test
  void anHttpErrorStatusExitsWithOne() {
    server.createContext("/gone", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    assertTrue(run(1, "fetch", "--store", store, url("/gone")).startsWith("404 MISS"));
  }

  @Test
  void theHelpListsTheExitCodesAndOutcomes() {
    String help = run(0, "fetch", "--help");
    assertTrue(help.contains("Exit codes:"), help);
    assertTrue(help.contains("4   network: an origin could not be reached"), help);
    assertTrue(help.replaceAll("\\s+", " ")
        .contains("REFRESHED (stored, replaced by the origin's new response)"), help);
    String demo = run(0, "demo-origin", "--help");
    assertFalse(demo.contains("--store"), demo);
  }
}
