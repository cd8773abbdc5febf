package io.jcachestores.tck;

import io.jcachestores.store.dynamodb.DynamoLocal;
import io.jcachestores.store.mongo.MongoTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Prepares the store the TCK runs against, before the first test: the TCK always uses the
 * provider's default URI, so this points {@code jcachestores.uri} at a fresh store of the kind
 * named by the system property {@code tck.store}: {@code sqlite} (a new file), {@code mongodb}
 * (a fresh database on the server {@code MONGODB_URI} names, else on mongo-java-server started
 * in this JVM on a loopback port) or {@code dynamodb} (a new table at the endpoint
 * {@code DYNAMODB_ENDPOINT} names, else in DynamoDB Local started in this JVM).
 */
public final class TckStore extends RunListener {

  /** The operation timeout on a server: the TCK's patience on a loaded machine (default 5 s). */
  private static final String PATIENCE = "60s";

  private MongoTestServer mongo;

  @Override
  public void testRunStarted(Description description) throws Exception {
    String store = System.getProperty("tck.store", "sqlite");
    Path dir = Path.of(System.getProperty("tck.dir", "target/tck-data"));
    Files.createDirectories(dir);
    String uri = switch (store) {
      case "sqlite" -> "sqlite:" + Files.createTempFile(dir, "tck-", ".db").toAbsolutePath();
      case "mongodb" -> {
        System.setProperty("jcachestores.timeout", PATIENCE);
        mongo = MongoTestServer.start();
        yield mongo.uri();
      }
      case "dynamodb" -> dynamodb();
      default -> throw new IllegalArgumentException("Unknown tck.store '" + store + "'");
    };
    System.setProperty("jcachestores.uri", uri);
  }

  /**
   * Returns a plain {@code dynamodb:<table>} URI and passes the options as system properties:
   * the TCK looks MBeans up under names built from the URI, escaping only {@code , : =}, so a
   * {@code ?} from a query string would make them JMX patterns.
   */
  private static String dynamodb() {
    DynamoLocal dynamo = DynamoLocal.shared();
    dynamo.properties().forEach((name, value) ->
        System.setProperty("jcachestores." + name, (String) value));
    System.setProperty("jcachestores.endpoint", dynamo.endpoint());
    System.setProperty("jcachestores.timeout", PATIENCE);
    System.setProperty("jcachestores.region", "us-east-1");
    System.setProperty("jcachestores.createIfNotExists", "true");
    return "dynamodb:" + DynamoLocal.freshTable("tck");
  }

  @Override
  public void testRunFinished(Result result) {
    if (mongo != null) {
      mongo.close();
    }
  }
}
