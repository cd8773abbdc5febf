package io.jcachestores.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes user-supplied objects (loaders, writers, listeners, policies) that are closeable. */
final class Closeables {

  private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

  private Closeables() {}

  static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", o, e);
      }
    }
  }
}
