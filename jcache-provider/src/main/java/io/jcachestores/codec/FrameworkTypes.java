package io.jcachestores.codec;

import java.util.List;

/**
 * Classes of the frameworks that put their own objects into a JCache cache, readable by every
 * cache without the user listing them: the user allows only their own classes (entities, enums,
 * records, embeddables).
 *
 * <p>Every class here is reviewed, and the review is repeated by a test that loads the real
 * framework ({@code integration-tests}, {@code FrameworkTypesTest}): each is plain data, holding
 * only JDK value types, other classes listed here and the application's values (each judged by
 * the allowlist on its own), with no deserialization hook that does more than recompute a hash
 * code of what was already read ({@code readObject}) or return a singleton ({@code readResolve}).
 * Exact class names only, never a package: a new version of a framework adds nothing by itself.
 */
final class FrameworkTypes {

  /** Spring's cache abstraction: the key of zero or several parameters and a cached null. */
  static final List<String> SPRING = List.of(
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  /**
   * Hibernate ORM's second-level cache (hibernate-jcache): entity, collection and natural-id
   * keys, query keys and their parameter values, the read-write strategy's items and locks, the
   * entity and collection entries, and query results.
   */
  static final List<String> HIBERNATE = List.of(
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry");

  private FrameworkTypes() {}
}
