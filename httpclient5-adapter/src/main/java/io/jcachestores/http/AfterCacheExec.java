package io.jcachestores.http;

import java.io.IOException;
import java.time.Duration;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.cache.HttpCacheContext;
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

/**
 * The exec chain element just after httpclient5-cache's caching stage, on the way to the origin,
 * classic and async: sends the origin the request with what {@link BeforeCacheExec} removed put
 * back, notes the origin's status in the request's {@link Exchange}, and applies
 * {@link CacheRules#fromOrigin} to the origin's response before the cache sees it. Immutable:
 * one instance serves every client of a {@link JCacheHttpCaching}.
 */
final class AfterCacheExec implements ExecChainHandler, AsyncExecChainHandler {

  /**
   * Thrown (classic clients) or passed to {@code failed} (async clients) when the request waited
   * for another process's lease on its key: {@link BeforeCacheExec} then sends it through the
   * cache again, which now holds that process's response. It passes through httpclient5-cache's
   * caching stage, which handles only {@link IOException}s of the origin.
   */
  static final class Collapsed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Collapsed() {
      super("waited for another process's request", null, false, false);
    }
  }

  private final CacheRules rules;
  private final OriginLease lease;
  private final Duration maxWait;

  /**
   * @param lease the leases taken before classic clients go to the origin, or null
   * @param maxWait the longest a request waits for another process's lease
   */
  AfterCacheExec(CacheRules rules, OriginLease lease, Duration maxWait) {
    this.rules = rules;
    this.lease = lease;
    this.maxWait = maxWait;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
      ExecChain chain) throws IOException, HttpException {
    Exchange exchange = Exchange.in(scope.clientContext);
    if (mustWaitForLease(exchange)) {
      lease.whenReleased(exchange.collapseKey, maxWait).join();
      throw new Collapsed();
    }
    HttpRequest restored = rules.forOrigin(request, redaction(request, exchange,
        scope.originalRequest));
    ClassicHttpRequest toOrigin = restored == request ? request
        : CacheRules.like(restored, ClassicRequestBuilder.create(restored.getMethod()))
            .setEntity(request.getEntity()).build();
    ClassicHttpResponse response = chain.proceed(toOrigin, scope);
    fromOrigin(request, response, exchange);
    return response;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
      throws HttpException, IOException {
    Exchange exchange = Exchange.in(scope.clientContext);
    // on async clients only for a request nothing is stored for: httpclient5-cache turns any
    // failure of a revalidation into a 504 or a stale response, so Collapsed would not come back
    if (HttpCacheContext.cast(scope.clientContext).getResponseCacheControl() == null
        && mustWaitForLease(exchange)) {
      lease.whenReleased(exchange.collapseKey, maxWait)
          .whenComplete((released, error) -> callback.failed(new Collapsed()));
      return;
    }
    HttpRequest toOrigin = rules.forOrigin(request, redaction(request, exchange,
        scope.originalRequest));
    chain.proceed(toOrigin, entityProducer, scope, new ForwardingAsyncExecCallback(callback) {
      @Override
      public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details)
          throws HttpException, IOException {
        fromOrigin(request, response, exchange);
        return super.handleResponse(response, details);
      }
    });
  }

  /**
   * Takes the store lease of a request leading its flight in this process; returns whether
   * another process holds it, and the request must wait for it to go, then throw (classic) or
   * fail with (async) {@link Collapsed}. A request that waited once goes to the origin, with the
   * lease if it is free (its holder died) or without it.
   */
  private boolean mustWaitForLease(Exchange exchange) {
    if (lease == null || exchange == null || exchange.flight == null
        || exchange.leaseToken != null) {
      return false;
    }
    exchange.leaseToken = lease.tryAcquire(exchange.collapseKey);
    if (exchange.leaseToken == null && !exchange.leaseWaited) {
      exchange.leaseWaited = true;
      return true;
    }
    return false;
  }

  private void fromOrigin(HttpRequest request, HttpResponse response, Exchange exchange) {
    if (exchange != null) {
      exchange.originStatus = response.getCode();
    }
    rules.fromOrigin(request, response,
        exchange == null ? RequestCaching.normal() : exchange.caching);
  }

  /**
   * Returns what {@link BeforeCacheExec} took out of {@code request}: from its exchange, or, for
   * the background revalidations httpclient5-cache runs in a fresh context, from the user's
   * original request.
   */
  private CacheRules.Redaction redaction(HttpRequest request, Exchange exchange,
      HttpRequest originalRequest) {
    if (exchange != null && exchange.redaction != null && exchange.redaction.appliesTo(request)) {
      return exchange.redaction;
    }
    return originalRequest == null ? null : rules.redactionOf(originalRequest);
  }
}
