package io.jcachestores.http;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Requests through caching clients, returning what the tests check. */
final class Clients {

  /** A response, httpclient5-cache's status and our outcome. */
  record Result(int status, String body, CacheResponseStatus cache, CacheOutcome outcome) {}

  private Clients() {}

  static Result get(CloseableHttpClient client, String url, String... headerPairs)
      throws IOException {
    return get(client, url, RequestCaching.normal(), headerPairs);
  }

  static Result get(CloseableHttpClient client, String url, RequestCaching caching,
      String... headerPairs) throws IOException {
    HttpGet get = new HttpGet(url);
    for (int i = 0; i < headerPairs.length; i += 2) {
      get.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    HttpCacheContext context = caching.context();
    return client.execute(get, context, r -> new Result(r.getCode(),
        r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity()),
        context.getCacheResponseStatus(), CacheOutcome.of(context)));
  }

  static Result get(CloseableHttpAsyncClient client, String url)
      throws InterruptedException, ExecutionException, TimeoutException {
    return get(client, url, RequestCaching.normal());
  }

  static Result get(CloseableHttpAsyncClient client, String url, RequestCaching caching)
      throws InterruptedException, ExecutionException, TimeoutException {
    HttpCacheContext context = caching.context();
    SimpleHttpResponse r = client.execute(SimpleRequestBuilder.get(url).build(), context, null)
        .get(30, TimeUnit.SECONDS);
    return new Result(r.getCode(), r.getBodyText() == null ? "" : r.getBodyText(),
        context.getCacheResponseStatus(), CacheOutcome.of(context));
  }
}
