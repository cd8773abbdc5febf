package io.jcachestores.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcachestores.spi.StoreOptions;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** Without the driver, the factory still loads, and a mongodb: URI fails naming the artifact. */
class MongoDriverMissingTest {

  @Test
  void aMissingDriverFailsOnlyWhenUsedAndNamesTheArtifact() throws Exception {
    URL provider = MongoStoreFactory.class.getProtectionDomain().getCodeSource().getLocation();
    URL cacheApi = CacheException.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader noDriver = new URLClassLoader(new URL[] {provider, cacheApi},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> factoryClass = noDriver.loadClass(MongoStoreFactory.class.getName());
      Object factory = factoryClass.getConstructor().newInstance();
      assertEquals(Set.of("mongodb", "mongodb+srv"), factoryClass.getMethod("schemes")
          .invoke(factory));
      Class<?> optionsClass = noDriver.loadClass(StoreOptions.class.getName());
      Object options = optionsClass.getMethod("empty").invoke(null);
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> factoryClass.getMethod("open", URI.class, optionsClass)
              .invoke(factory, URI.create("mongodb://localhost/app"), options));
      assertEquals(CacheException.class.getName(), e.getCause().getClass().getName());
      assertTrue(e.getCause().getMessage().contains("org.mongodb:mongodb-driver-sync"),
          e.getCause().getMessage());
    }
  }
}
