package io.jcachestores.cache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBean server under the names the specification
 * gives: {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 */
final class JmxRegistration {

  enum Kind {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private JmxRegistration() {}

  static void register(Object bean, String managerUri, String cacheName, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(managerUri, cacheName, kind);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently by another manager of the same URI: the name is taken, fine
    } catch (JMException e) {
      throw new CacheException("Cannot register MBean " + name, e);
    }
  }

  static void unregister(String managerUri, String cacheName, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(managerUri, cacheName, kind);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to do
    } catch (JMException e) {
      throw new CacheException("Cannot unregister MBean " + name, e);
    }
  }

  static ObjectName name(String managerUri, String cacheName, Kind kind) {
    try {
      return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager="
          + safe(managerUri) + ",Cache=" + safe(cacheName));
    } catch (JMException e) {
      throw new CacheException("No valid MBean name for cache " + cacheName, e);
    }
  }

  /** Replaces what the specification says; quotes values that are still not plain. */
  private static String safe(String value) {
    String s = value == null ? "" : value.replaceAll("[,:=\n]", ".");
    return s.matches("[^*?\"\\\\]*") ? s : ObjectName.quote(s);
  }
}
