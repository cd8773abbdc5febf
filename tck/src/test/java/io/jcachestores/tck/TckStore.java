package io.jcachestores.tck;

import io.jcachestores.store.dynamodb.DynamoLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Prepares the store the TCK runs against, before the first test: the TCK always uses the
 * provider's default URI, so this points {@code jcachestores.uri} at a fresh store of the kind
 * named by the system property {@code tck.store}.
 *
 * <ul>
 *   <li>{@code sqlite}: a new SQLite file under {@code tck.dir};
 *   <li>{@code dynamodb}: a new table (created by the store) in DynamoDB Local started in this
 *       JVM, or at the endpoint named by the environment variable {@code DYNAMODB_ENDPOINT}.
 * </ul>
 */
public final class TckStore extends RunListener {

  @Override
  public void testRunStarted(Description description) throws Exception {
    String store = System.getProperty("tck.store", "sqlite");
    Path dir = Path.of(System.getProperty("tck.dir", "target/tck-data"));
    Files.createDirectories(dir);
    String uri = switch (store) {
      case "sqlite" -> "sqlite:" + Files.createTempFile(dir, "tck-", ".db").toAbsolutePath();
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
    System.setProperty("jcachestores.region", "us-east-1");
    System.setProperty("jcachestores.createIfNotExists", "true");
    return "dynamodb:" + DynamoLocal.freshTable("tck");
  }
}
