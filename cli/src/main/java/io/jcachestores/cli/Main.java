package io.jcachestores.cli;

import io.jcachestores.http.JCacheHttpCaching;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code jcache-stores}: an HTTP client with a persistent response cache in a JCache store, and
 * the commands to inspect that cache.
 */
@Command(name = "jcache-stores", mixinStandardHelpOptions = true, version = "jcache-stores 0.1.0",
    description = "HTTP requests through a persistent, shared response cache (SQLite, MongoDB, "
        + "DynamoDB), and its inspection.",
    subcommands = {FetchCommand.class, LsCommand.class, RmCommand.class, PurgeCommand.class,
        StatsCommand.class, DemoOriginCommand.class})
public final class Main {

  @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "URI",
      description = "Store URI, e.g. sqlite:/tmp/http.db (default: the embedded SQLite file "
          + "~/.cache/jcache-stores/default.db, or -Djcachestores.uri).")
  String store;

  @Option(names = "--cache", scope = ScopeType.INHERIT, paramLabel = "NAME",
      defaultValue = JCacheHttpCaching.DEFAULT_CACHE_NAME,
      description = "Cache name in the store (default: ${DEFAULT-VALUE}).")
  String cacheName;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print JSON for scripts instead of readable text.")
  boolean json;

  /** Runs the command line; exits with the command's status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /** Opens the caching the options name. */
  JCacheHttpCaching.Builder caching() {
    JCacheHttpCaching.Builder b = JCacheHttpCaching.builder().cacheName(cacheName);
    return store == null ? b : b.store(store);
  }

  /** Returns the printer for the chosen output format. */
  Output output() {
    return new Output(json);
  }
}
