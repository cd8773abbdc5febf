package io.jcachestores;

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
 * The layering the package documentation states, checked on the sources: the stores see only the
 * SPI (never the codec's bytes or the JCache layer), the SPI and the codec see nothing above them,
 * and the JCache layer knows no store.
 */
class PackageBoundariesTest {

  private static final Path MAIN = Path.of("src/main/java/io/jcachestores");
  private static final Pattern IMPORT = Pattern.compile(
      "^import (?:static )?io\\.jcachestores\\.([a-z0-9.]*?)\\.?[A-Z]", Pattern.MULTILINE);

  @Test
  void storesImportOnlyTheSpi() throws IOException {
    assertEquals(List.of(), violations("store", "spi"));
  }

  @Test
  void theSpiImportsOnlyTheCodec() throws IOException {
    assertEquals(List.of(), violations("spi", "codec"));
  }

  @Test
  void theCodecImportsNothingOfOurs() throws IOException {
    assertEquals(List.of(), violations("codec"));
  }

  @Test
  void theJCacheLayerKnowsNoStore() throws IOException {
    assertEquals(List.of(), violations("cache", "", "spi", "codec"));
  }

  /**
   * Returns "file imports package" for every import of one of our packages, from the sources
   * under {@code dir}, that is neither the file's own package nor one of {@code allowed}
   * ({@code ""} is the root package).
   */
  static List<String> violations(String dir, String... allowed) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve(dir))) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String own = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(1);
          if (!imported.equals(own) && !List.of(allowed).contains(imported)) {
            found.add(MAIN.relativize(file) + " imports io.jcachestores." + imported);
          }
        }
      }
    }
    return found;
  }
}
