package io.jcachestores.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code java} blocks are what a reader copies: each must be a whole source file
 * that compiles against the library as it is, and each with a {@code main} method must run.
 */
class ReadmeSnippetsTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS_NAME =
      Pattern.compile("^public (?:final )?(?:class|record|interface) (\\w+)", Pattern.MULTILINE);

  @TempDir Path dir;

  private static List<String> javaBlocks() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
    List<String> blocks = new ArrayList<>();
    for (Matcher m = JAVA_BLOCK.matcher(readme); m.find(); ) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void everyJavaBlockCompilesAndTheProgramsRun() throws Exception {
    List<String> blocks = javaBlocks();
    assertTrue(blocks.size() >= 3, "the quick start, per-cache options and HTTP caching");
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<File> files = new ArrayList<>();
    List<String> programs = new ArrayList<>();
    for (String block : blocks) {
      Matcher name = CLASS_NAME.matcher(block);
      assertTrue(name.find(), () -> "a java block of README.md is not a whole source file with a "
          + "public class:\n" + block);
      files.add(Files.writeString(sources.resolve(name.group(1) + ".java"), block).toFile());
      if (block.contains("public static void main(String[] args)")) {
        programs.add(name.group(1));
      }
    }

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null,
        StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromFiles(files);
      boolean compiled = javac.getTask(diagnostics, fm, null, List.of("-d", classes.toString(),
          "-classpath", System.getProperty("java.class.path"), "-Xlint:none"), null, units).call();
      assertTrue(compiled, () -> "README.md's java blocks do not compile:\n" + diagnostics);
    }

    assertTrue(programs.contains("Sessions"), programs.toString());
    for (String program : programs) {
      run(program, classes);
    }
  }

  /** Runs {@code program} in a JVM of its own, as a reader would, on a SQLite file of the test. */
  private void run(String program, Path classes) throws Exception {
    Path log = dir.resolve(program + ".log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
        "-Djcachestores.uri=sqlite:" + dir.resolve("readme.db"), program)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), program + " did not end");
    assertEquals(0, p.exitValue(), () -> program + " failed:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
