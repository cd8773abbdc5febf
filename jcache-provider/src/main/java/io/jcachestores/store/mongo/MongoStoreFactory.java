package io.jcachestores.store.mongo;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Opens MongoDB storages for {@code mongodb://} and {@code mongodb+srv://} URIs: a standard
 * MongoDB connection string whose path names the database (default {@code jcache}), e.g.
 * {@code mongodb://user:pw@db1,db2/app?replicaSet=rs0&ttlGrace=1h}. The driver,
 * {@code org.mongodb:mongodb-driver-sync}, is an optional dependency that applications using these
 * URIs add themselves.
 *
 * <table>
 *   <caption>MongoDB options</caption>
 *   <tr><th>name</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code timeout}</td><td>how long one operation may take, waiting for an unreachable
 *       server included, before it fails with a {@link CacheException}; also the connect and
 *       server-selection timeout of a client the store creates (explicit {@code timeoutMS},
 *       {@code connectTimeoutMS}, {@code serverSelectionTimeoutMS} in the URI win)</td>
 *       <td>{@code 5s}</td></tr>
 *   <tr><td>{@code ttlGrace}</td><td>how long after its expiry a real server's TTL monitor
 *       may delete a document (whole seconds); expiry itself is still decided on read</td>
 *       <td>{@code 0s}</td></tr>
 *   <tr><td>{@code mongodb.client}</td><td>an application's own
 *       {@code com.mongodb.client.MongoClient}, in the CacheManager Properties (see
 *       {@link MongoStoreOptions#withClient}); never closed by the store</td><td>none</td></tr>
 * </table>
 *
 * <p>jcache-stores' own query parameters are removed before the connection string reaches the
 * driver. Caches map to collections as {@link CollectionNames} describes.
 */
public final class MongoStoreFactory implements StoreFactory {

  /** The Maven coordinates of the driver this store needs. */
  static final String DRIVER = "org.mongodb:mongodb-driver-sync";

  /** Creates the factory; the service loader does this. It touches no driver class. */
  public MongoStoreFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv");
  }

  @Override
  public Set<String> optionNames() {
    return Set.of(MongoStoreOptions.TIMEOUT, MongoStoreOptions.TTL_GRACE, MongoStoreOptions.CLIENT);
  }

  /** The URI's other query parameters are the driver's; it warns about those it does not know. */
  @Override
  public boolean passesOtherUriParameters() {
    return true;
  }

  /**
   * Opens the MongoDB database {@code uri} names.
   *
   * @throws CacheException if the MongoDB driver is not on the class path
   */
  @Override
  public Storage open(URI uri, StoreOptions options) {
    try {
      Class.forName("com.mongodb.client.MongoClient", false,
          MongoStoreFactory.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException("A " + uri.getScheme() + ": CacheManager URI needs the MongoDB "
          + "driver: add " + DRIVER + " (5.x) to the application's dependencies");
    }
    return MongoStorageOpener.open(uri, options);
  }
}
