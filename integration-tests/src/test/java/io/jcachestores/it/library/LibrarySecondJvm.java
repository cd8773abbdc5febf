package io.jcachestores.it.library;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * The second JVM of {@code LibraryTest} (protocol of {@code io.jcachestores.Processes}): opens
 * the database {@code args[0]}, prints {@code ready}, waits for a line, reads through
 * {@link Library#read}, checks it was served from the store, and prints
 * {@code done <second-level cache hits>} (query cache hits are counted apart).
 */
public final class LibrarySecondJvm {

  private LibrarySecondJvm() {}

  public static void main(String[] args) throws Exception {
    try (SessionFactory factory = Library.open(args[0], "none")) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      Statistics statistics = Library.read(factory);
      Library.assertServedFromCache(statistics);
      System.out.println("done " + statistics.getSecondLevelCacheHitCount());
    }
  }
}
