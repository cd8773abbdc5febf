package io.jcachestores.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP origin on loopback (the JDK's server), counting and recording the requests. */
final class Origin implements AutoCloseable {

  /** A request as the origin received it. */
  record Request(String method, String uri, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** A response to send. */
  record Response(int status, Map<String, String> headers, String body) {
    static Response ok(String body, String... headerPairs) {
      return of(200, body, headerPairs);
    }

    static Response of(int status, String body, String... headerPairs) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      for (int i = 0; i < headerPairs.length; i += 2) {
        h.put(headerPairs[i], headerPairs[i + 1]);
      }
      return new Response(status, h, body);
    }
  }

  /** What the origin answers. */
  @FunctionalInterface
  interface Responder {
    Response respond(Request request);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  Origin() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      Request request = new Request(exchange.getRequestMethod(),
          exchange.getRequestURI().toString(), exchange.getRequestHeaders(),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      count.incrementAndGet();
      Responder responder = routes.get(exchange.getRequestURI().getPath());
      Response response = responder == null ? Response.of(404, "no route") : responder.respond(request);
      response.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      boolean empty = response.status() == 304 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  /** Answers requests to {@code path} with {@code responder}. */
  Origin route(String path, Responder responder) {
    routes.put(path, responder);
    return this;
  }

  /** Returns the absolute URL of {@code pathAndQuery} on this origin. */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** Returns the number of requests received. */
  int count() {
    return count.get();
  }

  /** Returns the requests received, in order. */
  List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
