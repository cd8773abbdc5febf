package io.jcachestores.store.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB endpoint for tests: the one named by the environment variable
 * {@code DYNAMODB_ENDPOINT}, or DynamoDB Local started in this JVM on a free loopback port
 * ({@code -inMemory}, telemetry disabled). {@link #shared()} is one per JVM and never stopped;
 * {@link #startLocal()} starts a private one that {@link #close()} stops.
 */
public final class DynamoLocal implements AutoCloseable {

  /** The environment variable naming an external endpoint. */
  public static final String ENDPOINT_VARIABLE = "DYNAMODB_ENDPOINT";
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoLocal shared;
  /**
   * The call timeout of tests that do not test timeouts: their patience on a loaded machine
   * (DynamoDB Local may answer a describe-table call in more than the product's 5 s then).
   */
  public static final String PATIENCE = "timeout=60s";

  private final String endpoint;
  private final DynamoDBProxyServer server;

  private DynamoLocal(String endpoint, DynamoDBProxyServer server) {
    this.endpoint = endpoint;
    this.server = server;
  }

  /** Returns the endpoint of this JVM's tests, starting DynamoDB Local on first use. */
  public static synchronized DynamoLocal shared() {
    if (shared == null) {
      String external = System.getenv(ENDPOINT_VARIABLE);
      shared = external != null && !external.isBlank()
          ? new DynamoLocal(external.trim(), null) : startLocal();
    }
    return shared;
  }

  /** Starts a private DynamoDB Local, in memory, on a free loopback port, without telemetry. */
  public static DynamoLocal startLocal() {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      try {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
            new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        return new DynamoLocal("http://127.0.0.1:" + port, server);
      } catch (Exception e) {
        last = e;  // the port was taken meanwhile: try another
      }
    }
    throw new IllegalStateException("DynamoDB Local did not start", last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free port", e);
    }
  }

  /** Returns the endpoint URL. */
  public String endpoint() {
    return endpoint;
  }

  /** Returns whether this is DynamoDB Local in this JVM (rather than an external endpoint). */
  public boolean isInProcess() {
    return server != null;
  }

  /** Returns a table name not used before in this JVM (nor, very likely, elsewhere). */
  public static String freshTable(String prefix) {
    return prefix + "-" + TABLES.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Returns a {@code dynamodb:} URI for {@code table} at this endpoint, with extra query. */
  public URI uri(String table, String query) {
    String q = query == null ? "" : query;
    if (!q.contains("timeout=")) {
      q = PATIENCE + (q.isEmpty() ? "" : "&" + q);
    }
    return URI.create("dynamodb:" + table + "?endpoint=" + endpoint + "&region=us-east-1&" + q);
  }

  /**
   * Returns CacheManager properties with credentials for this endpoint: dummy static ones for
   * DynamoDB Local, none (the SDK's default chain) for an external endpoint when the environment
   * has AWS credentials.
   */
  public Properties properties() {
    Properties properties = new Properties();
    if (isInProcess() || (System.getenv("AWS_ACCESS_KEY_ID") == null
        && System.getProperty("aws.accessKeyId") == null)) {
      properties.setProperty("aws.accessKeyId", "local");
      properties.setProperty("aws.secretAccessKey", "local");
    }
    return properties;
  }

  /** Returns a new client for this endpoint; the caller closes it. */
  public DynamoDbClient client() {
    var builder = DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1);
    Properties p = properties();
    if (p.containsKey("aws.accessKeyId")) {
      builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
          p.getProperty("aws.accessKeyId"), p.getProperty("aws.secretAccessKey"))));
    }
    return builder.httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** Stops DynamoDB Local if this started it. */
  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("DynamoDB Local did not stop", e);
      }
    }
  }
}
