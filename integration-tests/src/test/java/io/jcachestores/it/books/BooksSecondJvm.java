package io.jcachestores.it.books;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The second JVM of {@code BooksTest} (protocol of {@code io.jcachestores.Processes}): starts
 * the application, prints {@code ready}, waits for a line, runs
 * {@link BooksScenario#secondRun} and prints {@code done <method bodies run>}.
 */
public final class BooksSecondJvm {

  private BooksSecondJvm() {}

  public static void main(String[] args) throws Exception {
    try (ConfigurableApplicationContext context = BooksApplication.start(args)) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      System.out.println("done " + BooksScenario.secondRun(context));
    }
  }
}
