package io.jcachestores.http;

import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The exec chain element just after httpclient5-cache's caching stage, on the way to the origin,
 * classic and async: sends the origin the request with what {@link BeforeCacheExec} removed put
 * back, and applies {@link CacheRules#fromOrigin} to the origin's response before the cache sees
 * it. Immutable: one instance serves every client of a {@link JCacheHttpCaching}.
 */
final class AfterCacheExec implements ExecChainHandler, AsyncExecChainHandler {

  private final CacheRules rules;

  AfterCacheExec(CacheRules rules) {
    this.rules = rules;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
      ExecChain chain) throws IOException, HttpException {
    HttpRequest restored = rules.forOrigin(request,
        redaction(request, scope.clientContext, scope.originalRequest));
    ClassicHttpRequest toOrigin = restored == request ? request
        : ClassicRequestBuilder.copy(request).setPath(restored.getPath())
            .setHeaders(restored.getHeaders()).build();
    ClassicHttpResponse response = chain.proceed(toOrigin, scope);
    rules.fromOrigin(request, response);
    return response;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
      throws HttpException, IOException {
    HttpRequest toOrigin = rules.forOrigin(request,
        redaction(request, scope.clientContext, scope.originalRequest));
    chain.proceed(toOrigin, entityProducer, scope, new ForwardingAsyncExecCallback(callback) {
      @Override
      public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details)
          throws HttpException, IOException {
        rules.fromOrigin(request, response);
        return super.handleResponse(response, details);
      }
    });
  }

  /**
   * Returns what {@link BeforeCacheExec} took out of {@code request}: from the context, or, for
   * the background revalidations httpclient5-cache runs in a fresh context, from the user's
   * original request.
   */
  private CacheRules.Redaction redaction(HttpRequest request, HttpContext context,
      HttpRequest originalRequest) {
    CacheRules.Redaction inContext = BeforeCacheExec.redactionIn(context, request);
    if (inContext != null) {
      return inContext;
    }
    return originalRequest == null ? null : rules.redactionOf(originalRequest);
  }
}
