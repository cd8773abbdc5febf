package io.jcachestores.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.LoggerContext;
import io.jcachestores.StoreCachingProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With Spring Boot's logging (Logback), the provider logs through SLF4J 2 into Logback. */
class LoggingTest {

  @Test
  void theProvidersLogGoesToLogback() {
    assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
    assertInstanceOf(ch.qos.logback.classic.Logger.class,
        LoggerFactory.getLogger(StoreCachingProvider.class));
  }
}
