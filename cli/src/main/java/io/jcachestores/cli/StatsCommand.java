package io.jcachestores.cli;

import io.jcachestores.http.CachedResponse;
import io.jcachestores.http.JCacheHttpCaching;
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
      stats.put("hits", counters.count(Outcome.HIT));
      stats.put("misses", counters.count(Outcome.MISS));
      stats.put("validated", counters.count(Outcome.VALIDATED));
      stats.put("cacheGenerated", counters.count(Outcome.CACHE));
      stats.put("failures", counters.count(Outcome.FAILURE));
    }
    String text = "store      " + stats.get("store") + " (cache '" + stats.get("cache") + "')\n"
        + "responses  " + stats.get("responses") + " (" + fresh[0] + " fresh, " + stale[0]
        + " stale), " + Output.bytes(bytes[0]) + " stored\n"
        + "fetches    " + stats.get("hits") + " hits, " + stats.get("misses") + " misses, "
        + stats.get("validated") + " validated, " + stats.get("cacheGenerated")
        + " cache-generated, " + stats.get("failures") + " failures";
    out.print(stats, text);
    return 0;
  }
}
