package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.StoreOptions;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the {@link DynamoDbClient} of a storage from its options.
 *
 * <p>The client uses the SDK's synchronous URL-connection HTTP client (the JDK's
 * {@code HttpURLConnection}: no third-party dependency, keep-alive connections reused), the
 * SDK's DynamoDB retry policy (which backs off on throttling), and the {@code timeout} option as
 * the limit of a whole call, retries included, as the read timeout and (up to 2 s) as the connect
 * timeout.
 */
final class DynamoClients {

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final String LOCAL_REGION = "us-east-1";

  private DynamoClients() {}

  /** Returns the client a user handed in through option {@value DynamoSettings#CLIENT}, or null. */
  static DynamoDbClient handedIn(StoreOptions options) {
    return options.instance(DynamoSettings.CLIENT, DynamoDbClient.class);
  }

  /**
   * Builds a client; the caller owns and closes it.
   *
   * @throws IllegalArgumentException if no region is configured or found, or credentials are
   *     incomplete
   */
  static DynamoDbClient build(DynamoSettings settings, StoreOptions options) {
    Duration timeout = settings.timeout();
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .region(Region.of(region(settings)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0
                ? timeout : MAX_CONNECT_TIMEOUT)
            .socketTimeout(timeout))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(timeout)
            .build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    AwsCredentialsProvider credentials = credentials(options);
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    return builder.build();
  }

  /** Returns the configured region, the SDK's default region, or us-east-1 for an endpoint. */
  static String region(DynamoSettings settings) {
    if (settings.region() != null) {
      return settings.region();
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      if (settings.endpoint() != null) {
        return LOCAL_REGION;
      }
      throw new IllegalArgumentException("No AWS region for DynamoDB table '" + settings.table()
          + "': set the 'region' option (e.g. dynamodb:" + settings.table()
          + "?region=eu-west-1) or AWS_REGION", e);
    }
  }

  /** Returns the credentials given in the options, or null for the SDK's default chain. */
  private static AwsCredentialsProvider credentials(StoreOptions options) {
    AwsCredentialsProvider provider =
        options.instance(DynamoSettings.CREDENTIALS_PROVIDER, AwsCredentialsProvider.class);
    if (provider != null) {
      return provider;
    }
    String id = options.string(DynamoSettings.ACCESS_KEY_ID, null);
    String secret = options.string(DynamoSettings.SECRET_ACCESS_KEY, null);
    if (id == null && secret == null) {
      return null;
    }
    if (id == null || secret == null) {
      throw new IllegalArgumentException("Options '" + DynamoSettings.ACCESS_KEY_ID + "' and '"
          + DynamoSettings.SECRET_ACCESS_KEY + "' must be given together");
    }
    String token = options.string(DynamoSettings.SESSION_TOKEN, null);
    AwsCredentials credentials = token == null ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, token);
    return StaticCredentialsProvider.create(credentials);
  }

  /** Returns where a client sends its calls, for messages: its endpoint or its region. */
  static String where(DynamoDbClient client) {
    var config = client.serviceClientConfiguration();
    return config.endpointOverride().map(Object::toString)
        .orElseGet(() -> "https://dynamodb." + config.region().id() + ".amazonaws.com");
  }
}
