package io.jcachestores.cli;

import io.jcachestores.cache.StoreCache;
import io.jcachestores.http.CacheOutcome;
import io.jcachestores.http.CachedResponse;
import io.jcachestores.http.JCacheHttpCaching;
import io.jcachestores.spi.Budget;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stats}: entry counts and sizes, and the hit / miss counts of every fetch. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Show stored responses (fresh, stale, bytes stored) and the outcome counts of "
        + "every fetch. Creates nothing.")
final class StatsCommand implements Callable<Integer> {

  @Mixin StoreArgs storeArgs;

  @Override
  public Integer call() {
    Output out = storeArgs.output();
    long[] fresh = {0};
    long[] stale = {0};
    long[] bytes = {0};
    Map<String, Object> stats = new LinkedHashMap<>();
    try (StoreArgs.Opened opened = storeArgs.existing();
        Progress progress = new Progress("stats", opened.storedCount())) {
      JCacheHttpCaching caching = opened.caching();
      Instant now = Instant.now();
      caching.inspector().forEach((CachedResponse r) -> {
        (r.isStaleAt(now) ? stale : fresh)[0]++;
        bytes[0] += r.size();
      }, progress);
      CounterStore counters = CounterStore.existing(caching.cache());
      stats.put("store", StoreArgs.redacted(opened.manager().getURI()));
      stats.put("cache", caching.cache().getName());
      stats.put("responses", fresh[0] + stale[0]);
      stats.put("fresh", fresh[0]);
      stats.put("stale", stale[0]);
      stats.put("storedBytes", bytes[0]);
      StoreCache<?, ?> store = caching.cache().unwrap(StoreCache.class);
      Budget budget = store.budget();
      stats.put("maxBytes", budget.maxBytes() == Long.MAX_VALUE ? null : budget.maxBytes());
      stats.put("maxEntries", budget.maxEntries() == Long.MAX_VALUE ? null : budget.maxEntries());
      store.usage().ifPresent(u -> {
        stats.put("usedBytes", u.bytes());
        stats.put("usedEntries", u.entries());
      });
      for (CacheOutcome o : CacheOutcome.values()) {
        stats.put(key(o), counters.count(o));
      }
    }
    StringBuilder text = new StringBuilder()
        .append("store      ").append(stats.get("store")).append(" (cache '")
        .append(stats.get("cache")).append("')\n")
        .append("responses  ").append(stats.get("responses")).append(" (").append(fresh[0])
        .append(" fresh, ").append(stale[0]).append(" stale), ").append(Output.bytes(bytes[0]))
        .append(" stored\n")
        .append("budget     ").append(budget(stats)).append('\n')
        .append("fetches    ");
    for (CacheOutcome o : CacheOutcome.values()) {
      text.append(o == CacheOutcome.HIT ? "" : ", ").append(stats.get(key(o))).append(' ')
          .append(o.name());
    }
    out.print(stats, text.toString());
    return 0;
  }

  /** Returns the budget line: the bounds and how much of them the store counts as used. */
  private static String budget(Map<String, Object> stats) {
    Object maxBytes = stats.get("maxBytes");
    Object maxEntries = stats.get("maxEntries");
    if (maxBytes == null && maxEntries == null) {
      return "unbounded";
    }
    StringBuilder line = new StringBuilder();
    if (maxBytes != null) {
      line.append(Output.bytes((Long) maxBytes));
    }
    if (maxEntries != null) {
      line.append(maxBytes == null ? "" : ", ").append(maxEntries).append(" entries");
    }
    Object used = stats.get("usedBytes");
    if (used != null) {
      line.append(" (").append(Output.bytes((Long) used)).append(" in ")
          .append(stats.get("usedEntries")).append(" entries used");
      if (maxBytes != null) {
        line.append(", ").append(100 * (Long) used / (Long) maxBytes).append(" %");
      }
      line.append(')');
    }
    return line.toString();
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
