package io.jcachestores.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Without the AWS SDK, the factory loads, and a dynamodb: URI fails naming the artifact. */
class DynamoMissingSdkTest {

  @Test
  void aMissingSdkIsAClearError() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("software" + File.separator + "amazon")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      Class<?> factoryClass = loader.loadClass(DynamoStoreFactory.class.getName());
      Object factory = factoryClass.getConstructor().newInstance();
      assertEquals(Set.of("dynamodb"), factoryClass.getMethod("schemes").invoke(factory));
      Class<?> optionsClass = loader.loadClass("io.jcachestores.spi.StoreOptions");
      Object options = optionsClass.getMethod("empty").invoke(null);
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> factoryClass.getMethod("open", URI.class, optionsClass)
              .invoke(factory, URI.create("dynamodb:some-table?region=eu-west-1"), options));
      Throwable cause = e.getCause();
      assertEquals("javax.cache.CacheException", cause.getClass().getName());
      assertTrue(cause.getMessage().contains("software.amazon.awssdk:dynamodb"),
          cause.getMessage());
    }
  }
}
