package io.jcachestores.it.books;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application caching through {@code spring-boot-starter-cache} in the store that
 * {@code spring.cache.jcache.config} names, with the actuator's cache meters. It uses no API
 * that Spring Boot 4 removed.
 */
@SpringBootApplication
@EnableCaching
public class BooksApplication {

  /** Starts the application; the caller closes the context. */
  public static ConfigurableApplicationContext start(String... args) {
    SpringApplication application = new SpringApplication(BooksApplication.class);
    application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
    return application.run(args);
  }
}
