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
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (List<String> args : argumentLists) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        processes.add(p);
        outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8)));
      }
      for (BufferedReader out : outputs) {
        expect(out, "ready");
      }
      for (Process p : processes) {
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        in.write("go\n");
        in.flush();
      }
      List<Long> results = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        String line = expect(outputs.get(i), "done ");
        results.add(Long.parseLong(line.substring("done ".length())));
        if (!processes.get(i).waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          throw new AssertionError("process " + i + " did not finish in " + timeoutSeconds + " s");
        }
        if (processes.get(i).exitValue() != 0) {
          throw new AssertionError("process " + i + " exited with " + processes.get(i).exitValue());
        }
      }
      return results;
    } finally {
      processes.forEach(Process::destroyForcibly);
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
