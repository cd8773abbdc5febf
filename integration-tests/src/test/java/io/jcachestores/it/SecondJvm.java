package io.jcachestores.it;

import io.jcachestores.Processes;
import java.util.ArrayList;
import java.util.List;

/** Runs the second JVM of a framework test, with the protocol of {@link Processes}. */
public final class SecondJvm {

  /** Starts a short-lived JVM quickly: no optimising compiler, the simplest collector. */
  private static final List<String> QUICK_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private SecondJvm() {}

  /**
   * Runs {@code main} with {@code jvmOptions} and {@code arguments}, patiently (a framework
   * starting on a loaded machine), and returns the number it printed as its result.
   */
  public static long run(Class<?> main, List<String> jvmOptions, List<String> arguments)
      throws Exception {
    List<String> options = new ArrayList<>(QUICK_START);
    options.addAll(jvmOptions);
    return Processes.runTogether(main, options, List.of(arguments), 300).get(0);
  }
}
