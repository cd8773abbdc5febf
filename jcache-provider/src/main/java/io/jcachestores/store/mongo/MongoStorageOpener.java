package io.jcachestores.store.mongo;

import io.jcachestores.spi.Storage;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;

/** Opens a {@link MongoStorage}; kept apart so that {@link MongoStoreFactory} links no driver class. */
final class MongoStorageOpener {

  private MongoStorageOpener() {}

  static Storage open(URI uri, StoreOptions options) {
    return new MongoStorage(MongoSettings.of(uri, options));
  }
}
