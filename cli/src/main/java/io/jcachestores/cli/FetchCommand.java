package io.jcachestores.cli;

import io.jcachestores.http.CacheOutcome;
import io.jcachestores.http.JCacheHttpCaching;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fetch URL...}: GETs through the cache and reports the cache's outcome. A URL that is
 * malformed or cannot be fetched is reported on standard error and the others are still fetched.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"GET URLs through the cache (creating the store and cache if needed) and print "
        + "for each: status, cache outcome, age, body size, time, URL.",
        "Outcomes: HIT (served from the cache), MISS (fetched from the origin), VALIDATED "
        + "(stored, confirmed by the origin with 304), REFRESHED (stored, replaced by the "
        + "origin's new response), STALE (stored and stale, served while it is revalidated or "
        + "because the origin failed and --stale-if-error allows it), CACHE_ONLY_MISS (504 from "
        + "the cache: only-if-cached and nothing fresh stored), ERROR (504 from the cache: the "
        + "origin could not be reached to revalidate).",
        "AGE is how long the response had been cached (0 for a MISS); BODY is the size of the "
        + "body (ls shows what the store holds: status line, headers, body and cache data)."})
final class FetchCommand implements Callable<Integer> {

  @Mixin StoreArgs storeArgs;

  @Parameters(paramLabel = "URL", arity = "1..*", description = "Absolute http(s) URLs.")
  List<String> urls;

  @Option(names = "--body", description = "Also print each response body.")
  boolean body;

  @Option(names = "--expire-after", paramLabel = "DURATION", description = "Freshness for "
      + "responses without any: 30s, 5m, 2h, 1d, PT5M, or a bare number of milliseconds as in "
      + "the store options; default: as the origin says.")
  String expireAfter;

  @Option(names = "--ignore-param", paramLabel = "NAME", description = "Query parameter left "
      + "out of the cache key and stored data (repeatable), e.g. api_key; its value is never "
      + "printed.")
  List<String> ignoredParams = new ArrayList<>();

  @Option(names = "--ignore-header", paramLabel = "NAME", description = "Request header left "
      + "out of the cache's view and stored data (repeatable).")
  List<String> ignoredHeaders = new ArrayList<>();

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
      description = "Request header (repeatable), e.g. -H 'Accept: application/json'.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--max-size", paramLabel = "SIZE", description = "Bound the bytes the cache's "
      + "responses take in the store (e.g. 500MiB, 2GB; 0: unbounded); beyond it the least "
      + "recently used go. Default: 1 GiB in the embedded default store, else as stored.")
  String maxSize;

  @Option(names = "--stale-if-error", description = "Serve stored content when the origin fails.")
  boolean staleIfError;

  @Override
  public Integer call() {
    Map<String, String> requestHeaders = parseHeaders();
    JCacheHttpCaching.Builder b = storeArgs.creating()
        .ignoreParameters(ignoredParams.toArray(String[]::new))
        .ignoreHeaders(ignoredHeaders.toArray(String[]::new))
        .staleIfError(staleIfError);
    if (expireAfter != null) {
      b.expireAfter(Output.parseDuration("--expire-after", expireAfter));
    }
    if (maxSize != null) {
      b.maxSize(Output.parseSize("--max-size", maxSize));
    }
    int exitCode = 0;
    try (JCacheHttpCaching caching = b.build();
        CloseableHttpClient client = caching.newClassicClient();
        Output.Rows rows = storeArgs.output().rows()) {
      CounterStore counters = CounterStore.creating(caching.cache());
      for (String url : urls) {
        exitCode = Math.max(exitCode, fetch(client, url, requestHeaders, counters, rows));
      }
    } catch (IOException e) {
      throw new Failure(Failure.INTERNAL, "closing the HTTP client failed: " + e);
    }
    return exitCode;
  }

  private Map<String, String> parseHeaders() {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new Failure(Failure.USAGE, "-H '" + h + "' is not a header: write NAME: VALUE, "
            + "e.g. -H 'Accept: application/json'");
      }
      parsed.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return parsed;
  }

  /** Fetches one URL and prints the outcome or the failure; returns the exit code it calls for. */
  private int fetch(CloseableHttpClient client, String url, Map<String, String> requestHeaders,
      CounterStore counters, Output.Rows rows) {
    String shown = redact(url);
    URI uri;
    try {
      uri = httpUrl(url);
    } catch (Failure f) {
      return failed(rows, shown, f);
    }
    HttpGet get = new HttpGet(uri);
    requestHeaders.forEach(get::addHeader);
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
        long age = outcome == CacheOutcome.MISS ? 0 : age(response.getFirstHeader("Age"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", shown);
        json.put("status", response.getCode());
        json.put("cache", outcome.name());
        json.put("ageSeconds", age);
        json.put("bodyBytes", content.length);
        json.put("timeMillis", time.toMillis());
        String text = body ? new String(content, StandardCharsets.UTF_8) : null;
        if (text != null) {
          json.put("body", text);
        }
        rows.add(json, String.format(Locale.ROOT, "%d %-15s age %-5s body %10s %6d ms  %s",
            response.getCode(), outcome, Output.duration(Duration.ofSeconds(age)),
            Output.bytes(content.length), time.toMillis(), shown)
            + (text == null ? "" : System.lineSeparator() + text));
        return response.getCode() < 400 ? 0 : Failure.HTTP_ERROR;
      });
    } catch (IOException e) {
      return failed(rows, shown, new Failure(Failure.NETWORK, networkProblem(uri.getHost(), e)));
    }
  }

  /** Reports a URL that failed: on standard error, and in the JSON document. */
  private static int failed(Output.Rows rows, String url, Failure f) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", url);
    json.put("error", f.getMessage());
    json.put("exitCode", f.exitCode());
    rows.add(json, null);
    System.err.println("jcache-stores fetch: " + url + ": " + f.getMessage());
    System.err.flush();
    return f.exitCode();
  }

  /** Returns {@code url} as an absolute http(s) URI, or fails saying how to write one. */
  private static URI httpUrl(String url) {
    if (!url.contains("://")) {
      throw new Failure(Failure.USAGE, "not an absolute http(s) URL: write it with its scheme, "
          + "e.g. http://" + url);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Failure(Failure.USAGE, "not a valid URL: " + e.getReason() + " at index "
          + e.getIndex() + (url.indexOf(' ') >= 0 ? " (write a space as %20)" : ""));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new Failure(Failure.USAGE, "not an http(s) URL with a host, such as "
          + "https://example.com/path");
    }
    return uri;
  }

  /** Says why an origin could not be reached. */
  private static String networkProblem(String host, IOException e) {
    if (e instanceof UnknownHostException) {
      return "unknown host " + host + " (check the name, or the network / DNS)";
    } else if (e instanceof ConnectTimeoutException) {
      return "no connection to " + host + " in time (" + Failure.message(e) + ")";
    } else if (e instanceof ConnectException) {
      return "connection to " + host + " refused (is the server running?)";
    } else if (e instanceof SSLException) {
      return "TLS handshake with " + host + " failed: " + Failure.message(e);
    }
    return "request to " + host + " failed: " + Failure.message(e);
  }

  /** Returns {@code url} with the values of ignored parameters (API keys...) replaced. */
  private String redact(String url) {
    int q = url.indexOf('?');
    if (q < 0 || ignoredParams.isEmpty()) {
      return url;
    }
    StringBuilder shown = new StringBuilder(url.substring(0, q + 1));
    String[] pairs = url.substring(q + 1).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
      shown.append(i == 0 ? "" : "&")
          .append(eq >= 0 && ignoredParams.contains(name) ? name + "=***" : pairs[i]);
    }
    return shown.toString();
  }

  private static long age(Header header) {
    try {
      return header == null ? 0 : Long.parseLong(header.getValue().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
