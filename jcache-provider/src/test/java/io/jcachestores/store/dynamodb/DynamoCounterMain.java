package io.jcachestores.store.dynamodb;

import io.jcachestores.StoreCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The second JVM of {@link DynamoTwoJvmTest}: opens the counter cache, prints {@code ready},
 * waits for a line on standard input, then increments the counter {@code n} times through
 * {@code invoke} and prints {@code done}.
 *
 * <p>Arguments: the CacheManager URI, the number of increments, the access key id and secret
 * (or {@code -} for the SDK's default chain).
 */
public final class DynamoCounterMain {

  private DynamoCounterMain() {}

  /** Runs the increments; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int n = Integer.parseInt(args[1]);
    Properties properties = new Properties();
    if (!args[2].equals("-")) {
      properties.setProperty("aws.accessKeyId", args[2]);
      properties.setProperty("aws.secretAccessKey", args[3]);
    }
    CacheManager manager = Caching.getCachingProvider(StoreCachingProvider.class.getName())
        .getCacheManager(uri, DynamoCounterMain.class.getClassLoader(), properties);
    try {
      Cache<String, Long> cache = manager.getCache(DynamoTwoJvmTest.CACHE, String.class,
          Long.class);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      DynamoTwoJvmTest.increment(cache, n);
      System.out.println("done");
    } finally {
      manager.close();
    }
  }
}
