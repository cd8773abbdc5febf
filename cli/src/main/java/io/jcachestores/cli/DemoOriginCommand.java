package io.jcachestores.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo-origin}: a tiny HTTP origin on loopback, so the cache can be tried without
 * internet access: {@code /hello} is fresh for 60 s, {@code /etag} must be revalidated each
 * time (ETag, 304).
 */
@Command(name = "demo-origin", mixinStandardHelpOptions = true,
    description = "Serve a demo origin on 127.0.0.1 (/hello: max-age=60; /etag: no-cache + ETag) "
        + "and print its address; stop after --for or on Ctrl-C.")
final class DemoOriginCommand implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8765",
      description = "Port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--for", paramLabel = "DURATION", defaultValue = "10m",
      description = "Stop after this long: 30s, 10m, 2h (default ${DEFAULT-VALUE}).")
  String lifetime;

  @Override
  public Integer call() throws Exception {
    Duration stopAfter = Output.parseDuration("--for", lifetime);
    // answer at once: without TCP_NODELAY every keep-alive response waits ~40 ms for the
    // client's delayed ACK (Nagle); read when the JDK's server configuration is first loaded
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = ("{\"hello\":\"world\",\"servedAt\":\"" + Instant.now() + "\"}\n")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/etag", exchange -> {
      exchange.getResponseHeaders().add("Cache-Control", "no-cache");
      exchange.getResponseHeaders().add("ETag", "\"demo-1\"");
      if ("\"demo-1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.sendResponseHeaders(304, -1);
        exchange.close();
        return;
      }
      byte[] body = "{\"version\":1}\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("demo origin on http://127.0.0.1:" + server.getAddress().getPort()
        + "/hello and /etag");
    System.out.flush();
    new CountDownLatch(1).await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
    server.stop(0);
    return 0;
  }
}
