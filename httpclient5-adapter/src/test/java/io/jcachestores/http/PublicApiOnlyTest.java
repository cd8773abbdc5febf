package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The adapter works on any JCache cache and uses only the provider's public API (the root
 * package {@code io.jcachestores}), never the JCache layer, the codec, the SPI or a store.
 */
class PublicApiOnlyTest {

  private static final Pattern IMPORT = Pattern.compile(
      "^import (?:static )?io\\.jcachestores\\.([a-z0-9.]*?)\\.?[A-Z]", Pattern.MULTILINE);

  @Test
  void theAdapterImportsOnlyTheRootPackageOfTheProvider() throws IOException {
    List<String> found = new ArrayList<>();
    Path main = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).isEmpty() && !m.group(1).equals("http")) {
            found.add(main.relativize(file) + " imports io.jcachestores." + m.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
