package io.jcachestores.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
    description = "Serve a demo origin on 127.0.0.1 (/hello: max-age=60; /etag: no-cache + ETag).")
final class DemoOriginCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8765", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--for", paramLabel = "DURATION", defaultValue = "10m",
      description = "Stop after this long (default ${DEFAULT-VALUE}).")
  String lifetime;

  @Override
  public Integer call() throws Exception {
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
    new CountDownLatch(1).await(Output.parseDuration(lifetime).toMillis(), TimeUnit.MILLISECONDS);
    server.stop(0);
    return 0;
  }
}
