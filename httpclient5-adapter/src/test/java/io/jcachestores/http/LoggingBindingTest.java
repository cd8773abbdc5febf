package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * HttpClient 5 brings slf4j-api 1.7, which ignores an SLF4J 2 binding and drops every log line;
 * the build must resolve slf4j-api 2, so that the binding on the class path (here slf4j-simple)
 * receives the log.
 */
class LoggingBindingTest {

  @Test
  void theSlf4j2BindingIsTheOneInUse() {
    assertEquals("org.slf4j.simple.SimpleLoggerFactory",
        LoggerFactory.getILoggerFactory().getClass().getName());
  }
}
