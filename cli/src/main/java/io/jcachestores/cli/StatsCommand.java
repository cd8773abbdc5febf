package io.jcachestores.cli;

import io.jcachestores.http.CacheOutcome;
import io.jcachestores.http.CachedResponse;
import io.jcachestores.http.JCacheHttpCaching;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code stats}: entry counts and sizes, and the hit / miss counts of every fetch. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Show stored responses (fresh, stale, bytes) and the hit/miss counts of fetch.")
final class StatsCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() {
    Output out = main.output();
    long[] fresh = {0};
    long[] stale = {0};
    long[] bytes = {0};
    Map<String, Object> stats = new LinkedHashMap<>();
    try (JCacheHttpCaching caching = main.caching().build();
        Progress progress = new Progress("stats", out)) {
      Instant now = Instant.now();
      caching.inspector().forEach((CachedResponse r) -> {
        (r.isStaleAt(now) ? stale : fresh)[0]++;
        bytes[0] += r.size();
      }, progress);
      CounterStore counters = new CounterStore(caching.cache());
      stats.put("store", caching.cache().getCacheManager().getURI().toString());
      stats.put("cache", caching.cache().getName());
      stats.put("responses", fresh[0] + stale[0]);
      stats.put("fresh", fresh[0]);
      stats.put("stale", stale[0]);
      stats.put("bytes", bytes[0]);
      for (CacheOutcome o : CacheOutcome.values()) {
        stats.put(key(o), counters.count(o));
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("store      ").append(stats.get("store")).append(" (cache '")
        .append(stats.get("cache")).append("')\n");
    text.append("responses  ").append(stats.get("responses")).append(" (")
        .append(fresh[0]).append(" fresh, ").append(stale[0]).append(" stale), ")
        .append(Output.bytes(bytes[0])).append('\n');
    text.append("fetches    ");
    for (CacheOutcome o : CacheOutcome.values()) {
      text.append(o == CacheOutcome.HIT ? "" : ", ").append(stats.get(key(o))).append(' ')
          .append(o.name());
    }
    out.print(stats, text.toString());
    return 0;
  }

  /** Returns the JSON name of the count of {@code outcome}. */
  private static String key(CacheOutcome outcome) {
    return switch (outcome) {
      case HIT -> "hits";
      case MISS -> "misses";
      case VALIDATED -> "validated";
      case REFRESHED -> "refreshed";
      case STALE -> "servedStale";
      case CACHE_ONLY_MISS -> "cacheOnlyMisses";
      case ERROR -> "errors";
    };
  }
}
