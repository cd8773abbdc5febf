package io.jcachestores.cli;

import io.jcachestores.http.HttpCacheInspector;
import io.jcachestores.http.UrlPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rm}: deletes responses by URL or URL pattern. */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Delete cached responses by URL (with their Vary variants) or URL pattern; "
        + "give at least one URL or --match.")
final class RmCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin StoreArgs storeArgs;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "Exact URLs to delete.")
  List<String> urls = new ArrayList<>();

  @Option(names = "--match", paramLabel = "PATTERN", description = "Delete every URL matching "
      + "this glob, without scheme, as a prefix (e.g. 'api.example.com/users/*').")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    if (urls.isEmpty() && patterns.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Give URLs or --match PATTERN");
    }
    Output out = storeArgs.output();
    int deleted = 0;
    try (StoreArgs.Opened opened = storeArgs.existing()) {
      HttpCacheInspector inspector = opened.caching().inspector();
      for (String url : urls) {
        deleted += inspector.delete(url);
      }
      for (String p : patterns) {
        try (Progress progress = new Progress("rm", opened.storedCount())) {
          deleted += inspector.deleteMatching(UrlPattern.of(p), progress);
        }
      }
    }
    out.print(Map.of("deleted", deleted), "deleted " + deleted
        + (deleted == 1 ? " entry" : " entries"));
    return 0;
  }
}
