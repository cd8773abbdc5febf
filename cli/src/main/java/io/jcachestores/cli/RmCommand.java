package io.jcachestores.cli;

import io.jcachestores.http.HttpCacheInspector;
import io.jcachestores.http.JCacheHttpCaching;
import io.jcachestores.http.UrlPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rm}: deletes responses by URL or URL pattern. */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Delete cached responses by URL (with their Vary variants) or URL pattern.")
final class RmCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "Exact URLs to delete.")
  List<String> urls = new ArrayList<>();

  @Option(names = "--match", paramLabel = "PATTERN", description = "Delete every URL matching "
      + "this glob, without scheme, as a prefix (e.g. 'api.example.com/users/*').")
  List<String> patterns = new ArrayList<>();

  @Override
  public Integer call() {
    if (urls.isEmpty() && patterns.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "Give URLs or --match PATTERN");
    }
    Output out = main.output();
    int deleted = 0;
    try (JCacheHttpCaching caching = main.caching().build();
        Progress progress = new Progress("rm", out)) {
      HttpCacheInspector inspector = caching.inspector();
      for (String url : urls) {
        deleted += inspector.delete(url);
      }
      for (String p : patterns) {
        deleted += inspector.deleteMatching(UrlPattern.of(p), progress);
      }
    }
    out.print(Map.of("deleted", deleted), "deleted " + deleted
        + (deleted == 1 ? " entry" : " entries"));
    return 0;
  }
}
