package io.jcachestores.cache;

import io.jcachestores.StoreConfiguration;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * What a storage remembers of a cache's configuration, so that {@code getCache(name)} after a
 * restart gives back a cache like the one created: key and value types, a standard expiry policy
 * with its duration, the statistics and management flags, the serialization allowlist, and the
 * cache's own bounds ({@code maxEntries}, {@code maxBytes}) if it set any.
 * Loaders, writers, listeners and custom expiry policies are code and are not remembered.
 *
 * <p>Stored as {@link Properties} text: plain data, never deserialized into objects.
 */
final class CacheDescriptor {

  private CacheDescriptor() {}

  /** Returns the descriptor of {@code configuration} and its (already created) expiry policy. */
  static String encode(StoreConfiguration<?, ?> configuration, ExpiryPolicy policy) {
    Properties p = new Properties();
    p.setProperty("keyType", configuration.getKeyType().getName());
    p.setProperty("valueType", configuration.getValueType().getName());
    p.setProperty("statistics", Boolean.toString(configuration.isStatisticsEnabled()));
    p.setProperty("management", Boolean.toString(configuration.isManagementEnabled()));
    p.setProperty("allow", String.join(",", configuration.getAllowedClasses()));
    configuration.getMaxEntries().ifPresent(n -> p.setProperty("maxEntries", Long.toString(n)));
    configuration.getMaxBytes().ifPresent(n -> p.setProperty("maxBytes", Long.toString(n)));
    String expiry = expiryOf(policy);
    if (expiry != null) {
      p.setProperty("expiry", expiry);
    }
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** Rebuilds a configuration from a descriptor, resolving types through {@code loader}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static StoreConfiguration<Object, Object> decode(String cacheName, String descriptor,
      ClassLoader loader) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(descriptor));
      StoreConfiguration config = new StoreConfiguration<>();
      config.setTypes(type(p.getProperty("keyType"), loader),
          type(p.getProperty("valueType"), loader));
      config.setStatisticsEnabled(Boolean.parseBoolean(p.getProperty("statistics")));
      config.setManagementEnabled(Boolean.parseBoolean(p.getProperty("management")));
      String allow = p.getProperty("allow", "");
      if (!allow.isEmpty()) {
        config.allowClasses(allow.split(","));
      }
      String maxEntries = p.getProperty("maxEntries");
      if (maxEntries != null) {
        config.setMaxEntries(Long.parseLong(maxEntries));
      }
      String maxBytes = p.getProperty("maxBytes");
      if (maxBytes != null) {
        config.setMaxBytes(Long.parseLong(maxBytes));
      }
      ExpiryPolicy policy = expiryFrom(p.getProperty("expiry"));
      if (policy != null) {
        config.setExpiryPolicyFactory(new FactoryBuilder.SingletonFactory<>(policy));
      }
      return config;
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new CacheException("The stored configuration of cache '" + cacheName
          + "' cannot be read: " + e, e);
    }
  }

  private static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
    return name == null ? Object.class : Class.forName(name, false, loader);
  }

  /** Returns {@code kind:amount:unit} for the standard policies, null for others. */
  private static String expiryOf(ExpiryPolicy policy) {
    Expiry.Standard standard = Expiry.Standard.of(policy);
    if (standard == null) {
      return null;
    }
    if (standard == Expiry.Standard.ETERNAL) {
      return standard.label;
    }
    Duration d = policy.getExpiryForCreation();
    return d.isEternal() ? standard.label + ":eternal"
        : standard.label + ":" + d.getDurationAmount() + ":" + d.getTimeUnit().name();
  }

  private static ExpiryPolicy expiryFrom(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(":");
    Expiry.Standard standard = Expiry.Standard.labelled(parts[0]);
    if (standard == null || standard == Expiry.Standard.ETERNAL && parts.length > 1) {
      throw new IllegalArgumentException("unknown expiry " + Arrays.toString(parts));
    }
    if (standard == Expiry.Standard.ETERNAL) {
      return standard.create(null);
    }
    Duration d = parts.length == 2 && parts[1].equals("eternal") ? Duration.ETERNAL
        : new Duration(TimeUnit.valueOf(parts[2]), Long.parseLong(parts[1]));
    return standard.create(d);
  }
}
