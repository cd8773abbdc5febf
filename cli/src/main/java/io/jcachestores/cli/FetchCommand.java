package io.jcachestores.cli;

import io.jcachestores.http.CacheOutcome;
import io.jcachestores.http.JCacheHttpCaching;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fetch URL...}: GETs through the cache and reports the cache's outcome. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "GET URLs through the cache; print status, cache outcome (HIT, MISS, "
        + "VALIDATED, REFRESHED, STALE, CACHE_ONLY_MISS, ERROR), age, size and time.")
final class FetchCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(paramLabel = "URL", arity = "1..*", description = "Absolute http(s) URLs.")
  List<String> urls;

  @Option(names = "--body", description = "Also print each response body.")
  boolean body;

  @Option(names = "--expire-after", paramLabel = "DURATION", description = "Freshness for "
      + "responses without any (30s, 5m, 2h, 1d); default: as the origin says.")
  String expireAfter;

  @Option(names = "--ignore-param", paramLabel = "NAME", description = "Query parameter left "
      + "out of the cache key and stored data (repeatable), e.g. api_key.")
  List<String> ignoredParams = new ArrayList<>();

  @Option(names = "--ignore-header", paramLabel = "NAME", description = "Request header left "
      + "out of the cache's view and stored data (repeatable).")
  List<String> ignoredHeaders = new ArrayList<>();

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
      description = "Request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--stale-if-error", description = "Serve stored content when the origin fails.")
  boolean staleIfError;

  @Override
  public Integer call() throws Exception {
    JCacheHttpCaching.Builder b = main.caching()
        .ignoreParameters(ignoredParams.toArray(String[]::new))
        .ignoreHeaders(ignoredHeaders.toArray(String[]::new))
        .staleIfError(staleIfError);
    if (expireAfter != null) {
      b.expireAfter(Output.parseDuration(expireAfter));
    }
    Output out = main.output();
    int failures = 0;
    try (JCacheHttpCaching caching = b.build();
        CloseableHttpClient client = caching.newClassicClient()) {
      CounterStore counters = new CounterStore(caching.cache());
      for (String url : urls) {
        failures += fetch(client, url, counters, out) ? 0 : 1;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private boolean fetch(CloseableHttpClient client, String url, CounterStore counters,
      Output out) {
    HttpGet get = new HttpGet(url);
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Not a header (NAME:VALUE): " + h);
      }
      get.addHeader(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    HttpCacheContext context = HttpCacheContext.create();
    long start = System.nanoTime();
    try {
      return client.execute(get, context, response -> {
        byte[] content = response.getEntity() == null ? new byte[0]
            : EntityUtils.toByteArray(response.getEntity());
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        CacheOutcome outcome = CacheOutcome.of(context);
        if (outcome == null) {
          outcome = CacheOutcome.MISS;
        }
        counters.record(outcome);
        Header ageHeader = response.getFirstHeader("Age");
        long age = ageHeader == null ? 0 : parseLong(ageHeader.getValue());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("status", response.getCode());
        json.put("cache", outcome.name());
        json.put("ageSeconds", age);
        json.put("size", content.length);
        json.put("timeMillis", time.toMillis());
        String text = body ? new String(content, StandardCharsets.UTF_8) : null;
        if (text != null) {
          json.put("body", text);
        }
        out.print(json, String.format(Locale.ROOT, "%d %-15s age %-5s %10s %6d ms  %s",
            response.getCode(), outcome, Output.duration(Duration.ofSeconds(age)),
            Output.bytes(content.length), time.toMillis(), url)
            + (text == null ? "" : System.lineSeparator() + text));
        return response.getCode() < 400;
      });
    } catch (IOException e) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("url", url);
      json.put("error", e.toString());
      out.print(json, "ERROR " + url + ": " + e.getMessage());
      return false;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
