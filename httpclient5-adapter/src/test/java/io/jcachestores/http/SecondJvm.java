package io.jcachestores.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts a second JVM on the test class path, with this JVM's store defaults. */
final class SecondJvm {

  private SecondJvm() {}

  /** Starts {@code main} with {@code args}; its standard error is discarded. */
  static Process start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("jcachestores.")) {  // the same store defaults as this JVM
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
