package io.jcachestores.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MongoDB options of one storage, validated: the connection string as the driver gets it
 * (without our own query parameters), the database, the timeout, the TTL grace period and the
 * application's own client, if any.
 */
record MongoSettings(ConnectionString connectionString, String database, Duration timeout,
    Duration ttlGrace, MongoClient userClient, boolean mustExist, Clock clock) {

  /** The database used when the URI names none. */
  static final String DEFAULT_DATABASE = "jcache";

  /** Query parameters that are jcache-stores options, not the driver's; compared lower case. */
  private static final Set<String> OWN_PARAMETERS = Set.of("timeout", "ttlgrace", "allow",
      "purgeinterval", "pagesize", "salt", "secretkey", "statistics", "management", "mustexist",
      "maxentries", "maxbytes");

  static MongoSettings of(URI uri, StoreOptions options) {
    ConnectionString cs;
    try {
      cs = new ConnectionString(driverUri(uri.toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The MongoDB URI is malformed: " + e.getMessage(), e);
    }
    String database = cs.getDatabase() == null || cs.getDatabase().isEmpty()
        ? DEFAULT_DATABASE : cs.getDatabase();
    Duration timeout = options.duration(MongoStoreOptions.TIMEOUT, Duration.ofSeconds(5));
    if (timeout.isZero()) {
      throw new IllegalArgumentException("Option 'timeout' must be more than 0");
    }
    Duration grace = options.duration(MongoStoreOptions.TTL_GRACE, Duration.ZERO);
    return new MongoSettings(cs, database, timeout, grace,
        options.instance(MongoStoreOptions.CLIENT, MongoClient.class),
        options.booleanValue(StoreOptions.MUST_EXIST, false), options.clock());
  }

  /** Returns {@code uri} without the query parameters that are jcache-stores options. */
  static String driverUri(String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    List<String> kept = new ArrayList<>();
    for (String pair : uri.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (!pair.isEmpty() && !OWN_PARAMETERS.contains(name)) {
        kept.add(pair);
      }
    }
    return kept.isEmpty() ? uri.substring(0, q) : uri.substring(0, q + 1) + String.join("&", kept);
  }

  /** Returns the TTL index's {@code expireAfterSeconds}: the grace period, in whole seconds. */
  long graceSeconds() {
    return ttlGrace.toSeconds();
  }

  /** Returns where the storage is, for messages: hosts and database, never credentials. */
  String describe() {
    if (userClient == null) {
      return "MongoDB database '" + database + "' at " + String.join(",", connectionString.getHosts());
    }
    return "MongoDB database '" + database + "' at " + userClient.getClusterDescription()
        .getClusterSettings().getHosts() + " (the application's MongoClient)";
  }
}
