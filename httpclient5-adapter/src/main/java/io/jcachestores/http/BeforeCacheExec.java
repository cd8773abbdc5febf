package io.jcachestores.http;

import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The exec chain element just before httpclient5-cache's caching stage, classic and async:
 * applies {@link CacheRules#beforeCache}, leaves what it removed in the context for
 * {@link AfterCacheExec}, and counts the cache outcome in {@link HttpCacheStats}. Holds only
 * the immutable rules and the thread-safe stats: one instance serves every client of a
 * {@link JCacheHttpCaching}.
 */
final class BeforeCacheExec implements ExecChainHandler, AsyncExecChainHandler {

  /** The context attribute holding the {@link CacheRules.Redaction} of the current request. */
  private static final String REDACTION = "io.jcachestores.http.redaction";

  private final CacheRules rules;
  private final HttpCacheStats stats;

  BeforeCacheExec(CacheRules rules, HttpCacheStats stats) {
    this.rules = rules;
    this.stats = stats;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
      ExecChain chain) throws IOException, HttpException {
    prepare(request, scope.clientContext);
    ClassicHttpResponse response = chain.proceed(request, scope);
    stats.record(HttpCacheContext.cast(scope.clientContext).getCacheResponseStatus());
    return response;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
      throws HttpException, IOException {
    prepare(request, scope.clientContext);
    chain.proceed(request, entityProducer, scope, new ForwardingAsyncExecCallback(callback) {
      @Override
      public void completed() {
        stats.record(HttpCacheContext.cast(scope.clientContext).getCacheResponseStatus());
        super.completed();
      }
    });
  }

  /**
   * Returns the redaction this element left in {@code context} if it applies to
   * {@code request} (the request as prepared for the cache), else null.
   */
  static CacheRules.Redaction redactionIn(HttpContext context, HttpRequest request) {
    return context.getAttribute(REDACTION) instanceof CacheRules.Redaction r
        && r.appliesTo(request) ? r : null;
  }

  private void prepare(HttpRequest request, HttpContext context) {
    if (redactionIn(context, request) != null) {
      return; // a retry of a request already prepared
    }
    context.setAttribute(REDACTION, rules.beforeCache(request));
  }
}
