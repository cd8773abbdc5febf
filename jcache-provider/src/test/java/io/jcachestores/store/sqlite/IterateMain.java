package io.jcachestores.store.sqlite;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.cache.Cache;
import javax.cache.CacheManager;
import io.jcachestores.StoreCachingProvider;

/** A process that iterates a whole cache and prints how many entries it saw. */
public final class IterateMain {

  private IterateMain() {}

  public static void main(String[] args) throws Exception {
    StoreCachingProvider provider = new StoreCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create(args[0]),
        provider.getDefaultClassLoader())) {
      Cache<Long, String> cache = manager.getCache(args[1], Long.class, String.class);
      System.out.println("ready");
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long count = 0;
      for (Iterator<Cache.Entry<Long, String>> it = cache.iterator(); it.hasNext(); ) {
        if (it.next().getValue().length() > 0) {
          count++;
        }
      }
      System.out.println("done " + count);
    }
  }
}
