package io.jcachestores;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in other JVMs, all starting their work at the same moment. The main class
 * prints {@code ready}, waits for a line on standard input, works, and prints {@code done <n>}.
 */
public final class Processes {

  private Processes() {}

  /**
   * Starts one JVM per argument list, waits until each is ready, lets them all go at once, and
   * returns what each printed as its result.
   */
  public static List<Long> runTogether(List<List<String>> argumentLists, long timeoutSeconds)
      throws IOException, InterruptedException {
    return runTogether(CounterMain.class, List.of(), argumentLists, timeoutSeconds);
  }

  /** Runs {@code main} with JVM options {@code jvmOptions}, once per argument list. */
  public static List<Long> runTogether(Class<?> main, List<String> jvmOptions,
      List<List<String>> argumentLists, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<Started> started = new ArrayList<>();
    try {
      for (List<String> args : argumentLists) {
        started.add(start(main, jvmOptions, args));
      }
      for (Started s : started) {
        s.go();
      }
      List<Long> results = new ArrayList<>();
      for (int i = 0; i < started.size(); i++) {
        String line = expect(started.get(i).output(), "done ");
        results.add(Long.parseLong(line.substring("done ".length())));
        started.get(i).awaitExit(timeoutSeconds);
      }
      return results;
    } finally {
      started.forEach(s -> s.process().destroyForcibly());
    }
  }

  /**
   * Starts {@code main} in a JVM of its own and waits until it printed {@code ready}; the caller
   * lets it go ({@link Started#go}) and ends it ({@code process().destroyForcibly()}).
   */
  public static Started start(Class<?> main, List<String> jvmOptions, List<String> args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Started started = new Started(p, new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    try {
      expect(started.output(), "ready");
    } catch (IOException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return started;
  }

  /** A JVM started by {@link #start} that printed "ready": its process and standard output. */
  public record Started(Process process, BufferedReader output) {

    /** Sends the line that lets it start its work. */
    public void go() throws IOException {
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write("go\n");
      in.flush();
    }

    /** Waits up to {@code timeoutSeconds} for it to end, and fails unless it exited with 0. */
    public void awaitExit(long timeoutSeconds) throws InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError(process + " did not finish in " + timeoutSeconds + " s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(process + " exited with " + process.exitValue());
      }
    }
  }

  private static String expect(BufferedReader out, String prefix) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("process ended before printing '" + prefix + "'");
  }
}
