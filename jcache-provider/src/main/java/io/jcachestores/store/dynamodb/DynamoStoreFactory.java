package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Opens DynamoDB storages for {@code dynamodb:} URIs naming the table that all caches of the
 * CacheManager share, e.g. {@code dynamodb:app-cache?region=eu-west-1} or
 * {@code dynamodb:app-cache?endpoint=http://127.0.0.1:8000}. Each cache is a namespace of items in
 * that table (see {@link DynamoItems} for the layout).
 *
 * <p>Needs the AWS SDK for Java 2 ({@code software.amazon.awssdk:dynamodb} and
 * {@code software.amazon.awssdk:url-connection-client}), an optional dependency of this
 * library; without it a {@code dynamodb:} URI fails with a {@link CacheException} naming them.
 *
 * <table>
 *   <caption>DynamoDB options</caption>
 *   <tr><th>name</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code region}</td><td>AWS region</td><td>the SDK's region chain
 *       ({@code AWS_REGION}, profile, ...); {@code us-east-1} with an {@code endpoint}</td></tr>
 *   <tr><td>{@code endpoint}</td><td>URL called instead of AWS's, e.g. DynamoDB Local</td>
 *       <td>AWS's</td></tr>
 *   <tr><td>{@code createIfNotExists} (alias {@code create_if_not_exists})</td><td>create a
 *       missing table (on-demand billing), wait until it is active, enable native TTL; without
 *       it a missing table fails</td><td>{@code false}</td></tr>
 *   <tr><td>{@code keyAttribute}</td><td>partition key attribute (type S)</td><td>{@code k}</td></tr>
 *   <tr><td>{@code valueAttribute}</td><td>value attribute</td><td>{@code v}</td></tr>
 *   <tr><td>{@code ttlAttribute}</td><td>native TTL attribute (epoch seconds)</td>
 *       <td>{@code ttl}</td></tr>
 *   <tr><td>{@code ttlGrace}</td><td>added to the TTL, so that DynamoDB deletes an entry that
 *       long after it expired</td><td>{@code 0s}</td></tr>
 *   <tr><td>{@code timeout}</td><td>the longest one DynamoDB call may take, retries included
 *       (also the read timeout, and up to 2 s the connect timeout); throttled batch items are
 *       retried for as long</td><td>{@code 5s}</td></tr>
 *   <tr><td>{@code createTimeout}</td><td>the longest to wait for a created table to become
 *       active</td><td>{@code 2m}</td></tr>
 *   <tr><td>{@code aws.accessKeyId}, {@code aws.secretAccessKey}, {@code aws.sessionToken}</td>
 *       <td>static credentials (Properties only: secrets are refused in the URI)</td>
 *       <td>the SDK's default credentials chain</td></tr>
 *   <tr><td>{@code aws.credentialsProvider}</td><td>an {@code AwsCredentialsProvider} object
 *       (Properties)</td><td>none</td></tr>
 *   <tr><td>{@code dynamodb.client}</td><td>a {@code DynamoDbClient} object (Properties) used
 *       instead of building one; never closed by this library, and {@code region},
 *       {@code endpoint}, credentials and {@code timeout} are then the client's own</td>
 *       <td>none</td></tr>
 * </table>
 */
public final class DynamoStoreFactory implements StoreFactory {

  private static final String SDK_CLIENT = "software.amazon.awssdk.services.dynamodb.DynamoDbClient";
  private static final String HTTP_CLIENT =
      "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

  /** Creates the factory; the service loader does this. Touches no AWS SDK class. */
  public DynamoStoreFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("dynamodb");
  }

  @Override
  public Set<String> optionNames() {
    return DynamoSettings.NAMES;
  }

  /**
   * Opens the table a {@code dynamodb:} URI names.
   *
   * @throws IllegalArgumentException if the URI or an option is malformed
   * @throws CacheException if the AWS SDK is missing, or the table cannot be reached, is missing
   *     (without {@code createIfNotExists}) or has another key
   */
  @Override
  public Storage open(URI uri, StoreOptions options) {
    DynamoSettings settings = DynamoSettings.of(uri, options);
    requireClass(SDK_CLIENT, "software.amazon.awssdk:dynamodb");
    if (!options.contains(DynamoSettings.CLIENT)) {
      requireClass(HTTP_CLIENT, "software.amazon.awssdk:url-connection-client");
    }
    return DynamoStorage.open(settings, options);
  }

  private static void requireClass(String name, String artifact) {
    try {
      Class.forName(name, false, DynamoStoreFactory.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException("dynamodb: CacheManager URIs need the AWS SDK for Java 2 on the "
          + "classpath: add " + artifact + " (and software.amazon.awssdk:url-connection-client, "
          + "unless a DynamoDbClient is handed in), e.g. version 2.54.15 (" + name
          + " not found)", e);
    }
  }
}
