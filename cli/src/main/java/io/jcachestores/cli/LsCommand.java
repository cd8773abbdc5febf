package io.jcachestores.cli;

import io.jcachestores.http.CachedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ls}: lists the stored responses as it reads them. */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = {"List cached responses as they are read, in the store's order (SQLite: by "
        + "URL): status, bytes stored, stored at (UTC), expires, URL. Creates nothing.",
        "BYTES is what the store holds for the response: status line, headers, body and cache "
        + "data (fetch shows the body's size)."})
final class LsCommand implements Callable<Integer> {

  private static final String ROW = "%-6s %10s  %-19s  %-12s  %s";

  @Mixin StoreArgs storeArgs;

  @Override
  public Integer call() {
    Output out = storeArgs.output();
    long[] count = {0};
    Instant now = Instant.now();
    try (StoreArgs.Opened opened = storeArgs.existing();
        Output.Rows rows = out.rows()) {
      if (!out.json()) {
        System.out.println(String.format(Locale.ROOT, ROW, "STATUS", "BYTES",
            "STORED AT (UTC)", "EXPIRES", "URL"));
      }
      opened.caching().inspector().forEach(r -> {
        count[0]++;
        rows.add(json(r, now), text(r, now));
      }, n -> { });
    }
    if (!out.json()) {
      System.out.println(count[0] + (count[0] == 1 ? " response" : " responses"));
    }
    return 0;
  }

  static Map<String, Object> json(CachedResponse r, Instant now) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", r.key());
    row.put("method", r.method());
    row.put("url", r.url());
    row.put("status", r.status());
    row.put("storedAt", r.storedAt().toString());
    row.put("expiresAt", r.expiresAt().toString());
    row.put("stale", r.isStaleAt(now));
    row.put("storedBytes", r.size());
    row.put("variants", r.variants());
    return row;
  }

  private static String text(CachedResponse r, Instant now) {
    Duration left = Duration.between(now, r.expiresAt());
    String expires = (r.isStaleAt(now) ? "stale " : "in ") + Output.duration(left);
    String url = r.key().startsWith("{")
        ? r.url() + "  " + r.key().substring(0, r.key().indexOf('}') + 1) : r.url();
    return String.format(Locale.ROOT, ROW, r.status(), Output.bytes(r.size()),
        r.storedAt().toString().substring(0, 19).replace('T', ' '), expires,
        url + (r.variants() > 0 ? "  (" + r.variants() + " variants)" : ""));
  }
}
