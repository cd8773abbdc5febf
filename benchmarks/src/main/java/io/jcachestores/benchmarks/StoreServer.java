package io.jcachestores.benchmarks;

import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;

/**
 * Runs a benchmark's server in a JVM of its own, so that it does not share JIT and GC with the
 * client being measured: {@code mongodb} (mongo-java-server, memory backend) or {@code dynamodb}
 * (DynamoDB Local in memory, no telemetry) on a free loopback port, until stdin closes. It prints
 * the server's address on a line of its own, after {@code "address "}: a {@code mongodb://} URI
 * or an {@code http://} endpoint (DynamoDB Local prints a banner of its own first).
 */
public final class StoreServer {

  private StoreServer() {
  }

  /** Entry point: {@code mongodb} or {@code dynamodb}. */
  public static void main(String[] args) throws Exception {
    AutoCloseable stop;
    switch (args[0]) {
      case "mongodb" -> {
        MongoTestServer server = MongoTestServer.startInProcess();
        stop = server;
        System.out.println("address " + server.uri());
      }
      case "dynamodb" -> {
        DynamoLocal server = DynamoLocal.startLocal();
        stop = server;
        System.out.println("address " + server.endpoint());
      }
      default -> throw new IllegalArgumentException("unknown server " + args[0]);
    }
    while (System.in.read() >= 0) {
      // runs until bin/bench closes stdin
    }
    stop.close();
  }
}
