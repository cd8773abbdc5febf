package io.jcachestores.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Caches wrapping another one, as another JCache provider's cache would look (they do not unwrap
 * to ours): one recording the threads it runs on, one whose store is down.
 */
final class ProbeCache {

  private ProbeCache() {}

  /** Returns {@code delegate}, adding the name of every thread calling it to {@code threads}. */
  static Cache<String, Object> recording(Cache<String, Object> delegate, Set<String> threads) {
    return proxy((method, args) -> {
      threads.add(Thread.currentThread().getName());
      return method.invoke(delegate, args);
    }, delegate.getName());
  }

  /** Returns a cache whose every operation fails as a store that is down would. */
  static Cache<String, Object> down() {
    return proxy((method, args) -> {
      throw new CacheException("store is down");
    }, "down");
  }

  static Set<String> threadSet() {
    return ConcurrentHashMap.newKeySet();
  }

  private interface Handler {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static Cache<String, Object> proxy(Handler handler, String name) {
    return (Cache<String, Object>) Proxy.newProxyInstance(ProbeCache.class.getClassLoader(),
        new Class<?>[] {Cache.class}, (p, method, args) -> {
          switch (method.getName()) {
            case "unwrap":
              throw new IllegalArgumentException("not unwrappable");
            case "getName":
              return name;
            case "toString":
              return "ProbeCache[" + name + "]";
            case "hashCode":
              return System.identityHashCode(p);
            case "equals":
              return p == args[0];
            default:
              try {
                return handler.handle(method, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }
}
