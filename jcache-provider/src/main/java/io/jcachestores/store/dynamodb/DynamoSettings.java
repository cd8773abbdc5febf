package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DynamoDB options of one storage, validated (see {@link DynamoStoreFactory}). Plain Java: no
 * AWS SDK class is touched here, so that a missing SDK is reported only when it is needed.
 *
 * @param table the table all caches of the manager share
 * @param region the AWS region, or null for the SDK's default region chain
 * @param endpoint the endpoint to call instead of AWS's, or null
 * @param createIfNotExists whether a missing table is created (on-demand billing, TTL enabled)
 * @param keyAttribute the name of the partition key attribute
 * @param valueAttribute the name of the value attribute
 * @param ttlAttribute the name of the native TTL attribute (epoch seconds)
 * @param ttlGrace how long after expiry DynamoDB may delete an entry by itself
 * @param timeout the longest a call may take, retries included
 * @param createTimeout the longest to wait for a created table to become active
 */
record DynamoSettings(String table, String region, URI endpoint, boolean createIfNotExists,
    String keyAttribute, String valueAttribute, String ttlAttribute, Duration ttlGrace,
    Duration timeout, Duration createTimeout) {

  /** Option naming a {@code DynamoDbClient} instance to use instead of building one. */
  static final String CLIENT = "dynamodb.client";
  /** Option naming an {@code AwsCredentialsProvider} instance. */
  static final String CREDENTIALS_PROVIDER = "aws.credentialsProvider";
  static final String ACCESS_KEY_ID = "aws.accessKeyId";
  static final String SECRET_ACCESS_KEY = "aws.secretAccessKey";
  static final String SESSION_TOKEN = "aws.sessionToken";

  /** The names of the DynamoDB options. */
  static final Set<String> NAMES = Set.of("region", "endpoint", "createIfNotExists",
      "create_if_not_exists", "keyAttribute", "valueAttribute", "ttlAttribute", "ttlGrace",
      "timeout", "createTimeout", ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN,
      CREDENTIALS_PROVIDER, CLIENT);

  /** Attribute names the store uses itself; the configurable names may not take them. */
  static final Set<String> RESERVED = Set.of(DynamoItems.NAMESPACE, DynamoItems.VALUE_TYPE,
      DynamoItems.EXPIRES, DynamoItems.VERSION, DynamoItems.KEY_BYTES, DynamoItems.DESCRIPTOR,
      DynamoItems.NAMES);

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[^\\s]{1,255}");

  /**
   * Reads the settings of a {@code dynamodb:} URI and its options.
   *
   * @throws IllegalArgumentException if the URI or an option is malformed
   */
  static DynamoSettings of(URI uri, StoreOptions options) {
    for (String secret : List.of(SECRET_ACCESS_KEY, SESSION_TOKEN)) {
      String raw = uri.toString();
      if (raw.contains(secret + "=")) {
        throw new IllegalArgumentException("The " + secret + " option is not accepted in the "
            + "CacheManager URI, which is shown in logs and MBean names: pass it in the Properties");
      }
    }
    String table = table(uri);
    String endpoint = options.string("endpoint", null);
    URI endpointUri = endpoint == null || endpoint.isEmpty() ? null : endpoint(endpoint);
    String region = options.string("region", null);
    boolean create = options.contains("createIfNotExists")
        ? options.booleanValue("createIfNotExists", false)
        : options.booleanValue("create_if_not_exists", false);
    for (String bound : List.of(StoreOptions.MAX_ENTRIES, StoreOptions.MAX_BYTES)) {
      if (options.bytes(bound, 0) != 0) {
        throw new IllegalArgumentException("Option '" + bound + "': "
            + DynamoStorage.NO_BUDGET);
      }
    }
    // mustExist wins: a tool that only reads passes it with the URI the application uses
    create &= !options.booleanValue(StoreOptions.MUST_EXIST, false);
    String key = attribute(options, "keyAttribute", "k");
    String value = attribute(options, "valueAttribute", "v");
    String ttl = attribute(options, "ttlAttribute", "ttl");
    Set<String> names = new HashSet<>(RESERVED);
    for (String name : List.of(key, value, ttl)) {
      if (!names.add(name)) {
        throw new IllegalArgumentException("DynamoDB attribute name '" + name + "' is used twice "
            + "or is one the store uses itself " + RESERVED + ": choose keyAttribute, "
            + "valueAttribute and ttlAttribute so that they all differ");
      }
    }
    Duration timeout = options.duration("timeout", Duration.ofSeconds(5));
    if (timeout.isZero()) {
      throw new IllegalArgumentException("Option 'timeout' must be more than 0");
    }
    return new DynamoSettings(table, region == null || region.isEmpty() ? null : region,
        endpointUri, create, key, value, ttl, options.duration("ttlGrace", Duration.ZERO),
        timeout, options.duration("createTimeout", Duration.ofMinutes(2)));
  }

  /** Returns the table a {@code dynamodb:} URI names: {@code dynamodb:t} or {@code dynamodb://t}. */
  static String table(URI uri) {
    String raw;
    if (uri.isOpaque()) {
      raw = uri.getRawSchemeSpecificPart();
      int q = raw.indexOf('?');
      raw = q < 0 ? raw : raw.substring(0, q);
    } else {
      raw = uri.getRawAuthority() != null ? uri.getRawAuthority() : uri.getRawPath();
      raw = raw == null ? "" : raw.replaceFirst("^/+", "");
    }
    String table = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("The DynamoDB URI '" + uri + "' must name a table of 3 to "
          + "255 letters, digits, '_', '-' or '.', e.g. dynamodb:app-cache?region=eu-west-1");
    }
    return table;
  }

  private static URI endpoint(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Option 'endpoint' is '" + endpoint + "'; expected a URL "
          + "such as http://127.0.0.1:8000", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("Option 'endpoint' is '" + endpoint + "'; expected an "
          + "http or https URL such as http://127.0.0.1:8000");
    }
    return uri;
  }

  private static String attribute(StoreOptions options, String name, String defaultValue) {
    String value = options.string(name, defaultValue);
    if (!ATTRIBUTE_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("Option '" + name + "' is '" + value
          + "'; expected an attribute name of 1 to 255 characters without spaces");
    }
    return value;
  }

  /** Returns the TTL grace period in whole seconds. */
  long ttlGraceSeconds() {
    return ttlGrace.toSeconds();
  }
}
