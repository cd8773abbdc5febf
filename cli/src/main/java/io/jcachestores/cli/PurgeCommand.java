package io.jcachestores.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code purge}: deletes stale responses, or everything. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Delete stale responses (--expired) or every response and counter (--all).")
final class PurgeCommand implements Callable<Integer> {

  @Mixin StoreArgs storeArgs;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--expired", required = true,
        description = "Delete responses that are stale now.")
    boolean expired;

    @Option(names = "--all", required = true, description = "Clear the cache.")
    boolean all;
  }

  @Override
  public Integer call() {
    Output out = storeArgs.output();
    try (StoreArgs.Opened opened = storeArgs.existing()) {
      if (what.all) {
        opened.caching().inspector().clear();
        CounterStore.existing(opened.caching().cache()).reset();
        out.print(Map.of("cleared", true), "cleared");
      } else {
        int deleted;
        try (Progress progress = new Progress("purge", opened.storedCount())) {
          deleted = opened.caching().inspector().deleteExpired(progress);
        }
        out.print(Map.of("deleted", deleted), "deleted " + deleted + " expired "
            + (deleted == 1 ? "entry" : "entries"));
      }
    }
    return 0;
  }
}
