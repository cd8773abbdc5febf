package io.jcachestores.cache;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBean server under the names the specification
 * gives: {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 *
 * <p>Every cache gets its own MBean. A cache name that an ObjectName value can hold unquoted
 * (none of {@code , = : " * ? \} or a line break) is used as it is, which is the name the TCK
 * and JMX tools look up; any other name is quoted ({@link ObjectName#quote}), so that names
 * differing only in such characters ({@code a:b}, {@code a.b}) never share an MBean. A name that
 * is already registered by another cache (one of another CacheManager with the same URI in this
 * JVM) is an error, and closing a cache unregisters only its own MBeans.
 */
final class JmxRegistration {

  enum Kind {
    CONFIGURATION("CacheConfiguration", "management"),
    STATISTICS("CacheStatistics", "statistics");

    final String type;
    final String option;

    Kind(String type, String option) {
      this.type = type;
      this.option = option;
    }
  }

  /** What an unquoted ObjectName value can hold. */
  private static final Pattern PLAIN = Pattern.compile("[^,=:\"*?\\\\\n\r]*");

  /** The MBeans registered here, by name: what {@link #unregister} may remove. */
  private static final Map<ObjectName, Object> REGISTERED = new HashMap<>();

  private JmxRegistration() {}

  /**
   * Registers {@code bean}; does nothing if it is registered already.
   *
   * @throws CacheException if its name is taken by another MBean, or registration fails
   */
  static synchronized void register(Object bean, String managerUri, String cacheName, Kind kind) {
    ObjectName name = name(managerUri, cacheName, kind);
    if (REGISTERED.get(name) == bean) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(bean, name);
      REGISTERED.put(name, bean);
    } catch (InstanceAlreadyExistsException e) {
      throw new CacheException("Cannot register the " + kind.type + " MBean of cache '"
          + cacheName + "': " + name + " is registered already in this JVM, by the cache of "
          + "that name in another CacheManager whose URI gives the same MBean name. Give the "
          + "managers different URIs, or enable " + kind.option + " in one of them only", e);
    } catch (JMException e) {
      throw new CacheException("Cannot register MBean " + name, e);
    }
  }

  /** Unregisters {@code bean}, if it is registered; never another cache's MBean. */
  static synchronized void unregister(Object bean, String managerUri, String cacheName,
      Kind kind) {
    ObjectName name = name(managerUri, cacheName, kind);
    if (!REGISTERED.remove(name, bean)) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // unregistered by someone else meanwhile: nothing to do
    } catch (JMException e) {
      throw new CacheException("Cannot unregister MBean " + name, e);
    }
  }

  static ObjectName name(String managerUri, String cacheName, Kind kind) {
    try {
      return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager="
          + safe(managerUri) + ",Cache=" + cacheName(cacheName));
    } catch (JMException e) {
      throw new CacheException("No valid MBean name for cache " + cacheName, e);
    }
  }

  /** Returns the name as it is when a plain value can hold it, quoted otherwise. */
  private static String cacheName(String name) {
    return PLAIN.matcher(name).matches() ? name : ObjectName.quote(name);
  }

  /** Replaces what the specification says; quotes values that are still not plain. */
  private static String safe(String value) {
    String s = value == null ? "" : value.replaceAll("[,:=\n]", ".");
    return s.matches("[^*?\"\\\\]*") ? s : ObjectName.quote(s);
  }
}
