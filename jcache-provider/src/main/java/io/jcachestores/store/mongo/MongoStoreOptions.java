package io.jcachestores.store.mongo;

import com.mongodb.client.MongoClient;
import java.util.Objects;
import java.util.Properties;

/**
 * The names of the MongoDB store's options, and a helper to hand an application's own
 * {@link MongoClient} to the provider.
 *
 * <pre>{@code
 * Properties props = MongoStoreOptions.withClient(myClient);
 * CacheManager cm = provider.getCacheManager(URI.create("mongodb://localhost/app"), loader, props);
 * }</pre>
 *
 * <p>A client handed in this way is used as it is (its hosts, credentials and pool) and is never
 * closed by jcache-stores; the URI then only names the database.
 */
public final class MongoStoreOptions {

  /** Option holding an application's own {@link MongoClient} (an object, in the Properties). */
  public static final String CLIENT = "mongodb.client";

  /** Option: how long an operation may take, server selection included; default {@code 5s}. */
  public static final String TIMEOUT = "timeout";

  /**
   * Option: how long a real MongoDB server keeps an expired document before its TTL monitor
   * deletes it (so that it can still be revalidated); default {@code 0s}.
   */
  public static final String TTL_GRACE = "ttlGrace";

  private MongoStoreOptions() {}

  /** Returns new CacheManager properties holding {@code client} as option {@link #CLIENT}. */
  public static Properties withClient(MongoClient client) {
    Properties properties = new Properties();
    properties.put(CLIENT, Objects.requireNonNull(client, "client"));
    return properties;
  }
}
