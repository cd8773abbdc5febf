package io.jcachestores.cli;

import io.jcachestores.http.CachedResponse;
import io.jcachestores.http.JCacheHttpCaching;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ls}: lists the stored responses. */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = "List cached responses: status, size, stored at, expires, URL.")
final class LsCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() {
    Output out = main.output();
    List<CachedResponse> all = new ArrayList<>();
    try (JCacheHttpCaching caching = main.caching().build();
        Progress progress = new Progress("ls", out)) {
      caching.inspector().forEach(all::add, progress);
    }
    all.sort(Comparator.comparing(CachedResponse::url).thenComparing(CachedResponse::key));
    Instant now = Instant.now();
    if (out.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (CachedResponse r : all) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", r.key());
        row.put("method", r.method());
        row.put("url", r.url());
        row.put("status", r.status());
        row.put("storedAt", r.storedAt().toString());
        row.put("expiresAt", r.expiresAt().toString());
        row.put("stale", r.isStaleAt(now));
        row.put("size", r.size());
        row.put("variants", r.variants());
        rows.add(row);
      }
      out.print(rows, null);
      return 0;
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%-6s %10s  %-20s  %-12s  %s%n", "STATUS", "SIZE", "STORED", "EXPIRES", "URL"));
    for (CachedResponse r : all) {
      Duration left = Duration.between(now, r.expiresAt());
      String expires = r.isStaleAt(now) ? "stale " + Output.duration(left) : "in " + Output.duration(left);
      String url = r.key().startsWith("{") ? r.url() + "  " + r.key().substring(0, r.key().indexOf('}') + 1) : r.url();
      text.append(String.format(Locale.ROOT, "%-6d %10s  %-20s  %-12s  %s%s%n", r.status(),
          Output.bytes(r.size()), r.storedAt().toString().substring(0, 19).replace('T', ' '),
          expires, url, r.variants() > 0 ? "  (" + r.variants() + " variants)" : ""));
    }
    text.append(all.size()).append(all.size() == 1 ? " response" : " responses");
    out.print(null, text.toString());
    return 0;
  }
}
