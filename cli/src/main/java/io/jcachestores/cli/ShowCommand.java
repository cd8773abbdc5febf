package io.jcachestores.cli;

import io.jcachestores.http.CachedResponse;
import io.jcachestores.http.StoredResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code show}: prints one stored response, headers and body. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print the stored response to URL (each variant of a Vary response): status, "
        + "key, stored at and expires (UTC), the response headers, then the body when it is text "
        + "(binary bodies are summarized; --json gives them in Base64). Creates nothing.",
        "Exit code 3 when nothing is stored for the URL."})
final class ShowCommand implements Callable<Integer> {

  @Mixin StoreArgs storeArgs;

  @Parameters(paramLabel = "URL", description = "The URL, as fetched.")
  String url;

  @Override
  public Integer call() {
    Output out = storeArgs.output();
    List<StoredResponse> found;
    try (StoreArgs.Opened opened = storeArgs.existing()) {
      try {
        found = opened.caching().inspector().show(url);
      } catch (IllegalArgumentException e) {
        throw new Failure(Failure.USAGE, "'" + url + "' is not an absolute http(s) URL");
      }
    }
    if (found.isEmpty()) {
      throw new Failure(Failure.STORE, "Nothing is stored for " + url);
    }
    try (Output.Rows rows = out.rows()) {
      for (StoredResponse r : found) {
        rows.add(json(r), text(r));
      }
    }
    return 0;
  }

  private static Map<String, Object> json(StoredResponse r) {
    Map<String, Object> row = LsCommand.json(r.summary(), Instant.now());
    List<List<String>> headers = new ArrayList<>();
    r.headers().forEach(h -> headers.add(List.of(h.getName(), h.getValue())));
    row.put("headers", headers);
    String text = r.bodyText();
    if (text != null) {
      row.put("body", text);
    } else {
      row.put("bodyBase64", Base64.getEncoder().encodeToString(r.body()));
    }
    return row;
  }

  private static String text(StoredResponse r) {
    CachedResponse s = r.summary();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s %s -> %d%n", s.method(), s.key(), s.status()));
    b.append("stored ").append(s.storedAt().toString().substring(0, 19).replace('T', ' '))
        .append(", stale from ").append(s.expiresAt().toString().substring(0, 19).replace('T', ' '))
        .append(System.lineSeparator());
    r.headerLines().forEach(line -> b.append(line).append(System.lineSeparator()));
    b.append(System.lineSeparator());
    String text = r.bodyText();
    b.append(text != null ? text : "(" + Output.bytes(r.body().length) + " of binary body)");
    return b.toString();
  }
}
