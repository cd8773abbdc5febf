package io.jcachestores.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.cache.RequestCacheControl;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The exec chain element just before httpclient5-cache's caching stage, classic and async:
 * prepares the request for the cache ({@link CacheRules#redact}, the request's cache directives
 * from all their sources in its one {@code Cache-Control} header), keeps what it did in the
 * context as an {@link Exchange} for {@link AfterCacheExec}, and when the cache is done decides
 * the request's {@link CacheOutcome}, leaves it in the context and counts it in
 * {@link HttpCacheStats}. It also collapses identical requests ({@link Collapser}): a follower
 * waits for its leader before the cache, and a request that waited for another process's lease
 * ({@link AfterCacheExec.Collapsed}) goes through the cache once more. A POST keyed by its body
 * is shown to the cache as a GET ({@link CacheRules#keyedByBody}), classic and async. Holds
 * only immutable rules and thread-safe state: one instance serves every client of a
 * {@link JCacheHttpCaching}.
 */
final class BeforeCacheExec implements ExecChainHandler, AsyncExecChainHandler {

  private final CacheRules rules;
  private final HttpCacheStats stats;
  private final Collapser collapser;
  private final OriginLease lease;

  /**
   * @param collapser collapses identical requests in this process, or null
   * @param lease collapses identical requests across processes, or null
   */
  BeforeCacheExec(CacheRules rules, HttpCacheStats stats, Collapser collapser,
      OriginLease lease) {
    this.rules = rules;
    this.stats = stats;
    this.collapser = collapser;
    this.lease = lease;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
      ExecChain chain) throws IOException, HttpException {
    ClassicHttpRequest forCache = rules.isKeyedByBody(request)
        ? rules.keyedByBody(request) : request;
    Exchange exchange = prepare(forCache, scope.clientContext, scope.route.getTargetHost());
    Collapser.Flight flight = join(exchange);
    if (flight != null && !flight.leader()) {
      collapser.await(flight);
    }
    try {
      ClassicHttpResponse response;
      try {
        response = chain.proceed(forCache, scope);
      } catch (AfterCacheExec.Collapsed waitedForAnotherProcess) {
        response = chain.proceed(forCache, scope); // the cache now holds its response
      }
      record(exchange, response, scope.clientContext);
      return response;
    } finally {
      land(exchange);
    }
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
      throws HttpException, IOException {
    HttpRequest forCache = rules.isKeyedByBody(request)
        ? rules.keyedByBody(request, entityProducer) : request;
    Exchange exchange = prepare(forCache, scope.clientContext, scope.route.getTargetHost());
    Collapser.Flight flight = join(exchange);
    if (flight == null || flight.leader()) {
      proceed(forCache, entityProducer, scope, chain, callback, exchange);
      return;
    }
    collapser.whenLanded(flight).whenComplete((done, error) -> {
      try {
        proceed(forCache, entityProducer, scope, chain, callback, exchange);
      } catch (HttpException | IOException | RuntimeException e) {
        callback.failed(e);
      }
    });
  }

  private void proceed(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback,
      Exchange exchange) throws HttpException, IOException {
    chain.proceed(request, entityProducer, scope, new ForwardingAsyncExecCallback(callback) {
      private final AtomicBoolean recorded = new AtomicBoolean();

      // recorded before the caller can see the end of the response: its future completes then
      @Override
      public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details)
          throws HttpException, IOException {
        AsyncDataConsumer consumer = super.handleResponse(response, details);
        if (consumer == null) {
          recordOnce(response);
          return null;
        }
        return new EndObservingConsumer(consumer, () -> recordOnce(response));
      }

      @Override
      public void completed() {
        recordOnce(null);
        super.completed();
      }

      @Override
      public void failed(Exception cause) {
        if (cause instanceof AfterCacheExec.Collapsed) {
          try { // another process's response is now stored
            proceed(request, entityProducer, scope, chain, callback, exchange);
            return;
          } catch (HttpException | IOException | RuntimeException e) {
            cause = e;
          }
        }
        land(exchange);
        super.failed(cause);
      }

      private void recordOnce(HttpResponse response) {
        if (recorded.compareAndSet(false, true)) {
          record(exchange, response, scope.clientContext);
          land(exchange);
        }
      }
    });
  }

  /**
   * Returns the flight of a collapsible request (leading it if no identical request is in
   * flight), or null if it is not collapsed.
   */
  private Collapser.Flight join(Exchange exchange) {
    if (collapser == null || exchange.collapseKey == null) {
      return null;
    }
    Collapser.Flight flight = collapser.join(exchange.collapseKey);
    if (flight.leader()) {
      exchange.flight = flight;
    }
    return flight;
  }

  /** Ends what the request led: its flight, its lease; once the cache holds its response. */
  private void land(Exchange exchange) {
    if (exchange.leaseToken != null) {
      lease.release(exchange.collapseKey, exchange.leaseToken);
      exchange.leaseToken = null;
    }
    if (exchange.flight != null) {
      collapser.land(exchange.flight);
      exchange.flight = null;
    }
  }

  private Exchange prepare(HttpRequest request, HttpContext context, HttpHost target) {
    Exchange prior = Exchange.in(context);
    if (prior != null && prior.redaction != null && prior.redaction.appliesTo(request)) {
      return prior; // a retry of a request already prepared
    }
    RequestCaching caching = RequestCaching.in(context);
    CacheRules.Redaction redaction = rules.redact(request);
    RequestCacheControl fromContext = HttpCacheContext.cast(context).getRequestCacheControl();
    RequestCacheControl merged = RequestDirectives.mergeInto(request, fromContext,
        rules.directives(request));
    if (request.containsHeader(HttpHeaders.IF_NONE_MATCH)) {
      // RFC 9110 section 13.1.3: If-None-Match takes precedence; httpclient5-cache would
      // otherwise require both to match before answering 304 from the cache
      request.removeHeaders(HttpHeaders.IF_MODIFIED_SINCE);
    }
    Exchange exchange = new Exchange(caching, merged.isOnlyIfCached(), redaction);
    if (collapser != null && isCollapsible(request, caching, merged)) {
      exchange.collapseKey = rules.collapseKey(target, request);
    }
    exchange.keepIn(context);
    return exchange;
  }

  /**
   * Returns whether {@code request} may share the response of an identical one: a GET or HEAD
   * the cache may answer and store, in the normal mode.
   */
  private static boolean isCollapsible(HttpRequest request, RequestCaching caching,
      RequestCacheControl directives) {
    return (Method.GET.isSame(request.getMethod()) || Method.HEAD.isSame(request.getMethod()))
        && caching.mode() == RequestCaching.Mode.NORMAL
        && !directives.isNoStore() && !directives.isNoCache() && !directives.isOnlyIfCached();
  }

  private void record(Exchange exchange, HttpResponse response, HttpContext context) {
    HttpCacheContext cacheContext = HttpCacheContext.cast(context);
    CacheOutcome outcome = CacheOutcome.decide(cacheContext.getCacheResponseStatus(),
        exchange, cacheContext.getCacheEntry() != null, response);
    if (outcome != null) {
      context.setAttribute(CacheOutcome.ATTRIBUTE, outcome);
      stats.record(outcome);
    }
  }

  /** Passes everything on to another consumer, running an action just before the stream end. */
  private static final class EndObservingConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final Runnable beforeEnd;

    EndObservingConsumer(AsyncDataConsumer delegate, Runnable beforeEnd) {
      this.delegate = delegate;
      this.beforeEnd = beforeEnd;
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
      delegate.updateCapacity(channel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      delegate.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      beforeEnd.run();
      delegate.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }
  }
}
