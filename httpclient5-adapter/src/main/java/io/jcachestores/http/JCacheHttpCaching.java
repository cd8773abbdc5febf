package io.jcachestores.http;

import io.jcachestores.Caches;
import io.jcachestores.StoreConfiguration;
import io.jcachestores.StoreCachingProvider;
import io.jcachestores.StoreConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.cache.CachingHttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.config.NamedElementChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent, shared HTTP response caching for Apache HttpClient 5 on a JCache cache: the easy
 * path. Build one with {@link #builder()}, then make clients with {@link #newClassicClient()} and
 * {@link #newAsyncClient()} (or take the pre-configured httpclient5 builders to customise them),
 * and inspect the cache with {@link #inspector()} and {@link #stats()}.
 *
 * <pre>{@code
 * try (JCacheHttpCaching caching = JCacheHttpCaching.builder()
 *         .expireAfter(Duration.ofMinutes(5))
 *         .ignoreParameters("api_key")
 *         .build();
 *      CloseableHttpClient client = caching.newClassicClient()) {
 *   client.execute(new HttpGet("https://api.example.com/items"), r -> ...);
 * }
 * }</pre>
 *
 * <p>HTTP caching itself (freshness, validation, {@code Vary}, {@code no-store}...) is
 * httpclient5-cache's; this class supplies its storage, a {@link CacheConfig} suited to API
 * clients, and the options of {@link Builder} as exec chain elements around its caching stage.
 * {@link #close()} closes the store it opened (not a cache given to the builder); close the
 * clients first.
 */
public final class JCacheHttpCaching implements AutoCloseable {

  /** The default cache name. */
  public static final String DEFAULT_CACHE_NAME = "http";
  /** The default largest response body stored: 4 MiB (httpclient5-cache's own is 8 KiB). */
  public static final long DEFAULT_MAX_OBJECT_SIZE = 4L * 1024 * 1024;
  /**
   * The most bytes the responses stored in the embedded default store (the provider's default
   * SQLite file, used when the builder names no store) may take: 1 GiB.
   */
  public static final long DEFAULT_MAX_SIZE = 1L << 30;
  /** The default longest POST body read to key a cached POST by it: 1 MiB. */
  public static final int DEFAULT_MAX_POST_BODY_SIZE = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(JCacheHttpCaching.class);
  private static final String RULES = "jcache-stores-rules";
  private static final String ORIGIN = "jcache-stores-origin";

  private final Cache<String, ?> cache;
  private final CacheManager ownedManager;
  private final CacheConfig cacheConfig;
  private final JCacheHttpCacheStorage storage;
  private final HttpCacheStats stats = new HttpCacheStats();
  private final BeforeCacheExec beforeCache;
  private final AfterCacheExec afterCache;
  private final Executor storageExecutor;

  private JCacheHttpCaching(Builder b, Cache<String, ?> cache, CacheManager ownedManager) {
    this.cache = cache;
    this.ownedManager = ownedManager;
    this.cacheConfig = b.cacheConfig();
    this.storage = new JCacheHttpCacheStorage(cache,
        EntryLifetime.of(cacheConfig, b.gracePeriod), b.maxUpdateRetries, b.decodedCacheSize);
    CacheRules rules = new CacheRules(new CacheRules.Options(b.ignoredParameters,
        b.ignoredHeaders, b.urlRules, b.expireAfter, b.cacheControl, b.allowedStatuses,
        b.staleIfErrorFor, b.staleWhileRevalidate, b.filter, b.matchHeaders, b.allowedMethods,
        b.maxPostBodySize));
    Collapser collapser = b.collapse ? new Collapser(b.collapseTimeout) : null;
    OriginLease lease = b.collapse && storage.expiringCache() != null
        ? new OriginLease(storage.expiringCache(), b.leaseDuration) : null;
    this.beforeCache = new BeforeCacheExec(rules, stats, collapser, lease);
    this.afterCache = new AfterCacheExec(rules, lease, b.collapseTimeout);
    this.storageExecutor = b.storageExecutor;
    LOG.debug("HTTP caching in cache '{}': {}, {}", cache.getName(), cacheConfig, rules);
  }

  /** Returns a builder with the defaults: see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the JCache cache holding the responses: values are documents
   * ({@code Map<String, Object>}) in a cache this object created (entries an earlier version
   * stored as bytes stay {@code byte[]}), and a cache given to the builder is returned as it
   * is, whatever its value type (see {@link JCacheHttpCacheStorage}).
   */
  @SuppressWarnings("unchecked")
  public Cache<String, Object> cache() {
    return (Cache<String, Object>) cache;
  }

  /** Returns the httpclient5-cache configuration the clients use. */
  public CacheConfig cacheConfig() {
    return cacheConfig;
  }

  /** Returns the storage the classic clients use. */
  public JCacheHttpCacheStorage storage() {
    return storage;
  }

  /** Returns the counts of the {@link CacheOutcome}s of every client made by this object. */
  public HttpCacheStats stats() {
    return stats;
  }

  /** Returns an inspector of the stored responses. */
  public HttpCacheInspector inspector() {
    return new HttpCacheInspector(cache, storage.lifetime());
  }

  /**
   * Returns a new httpclient5 builder of classic clients caching here, to customise (timeouts,
   * proxies, interceptors) before {@code build()}. Its storage, cache configuration and exec
   * chain elements are set; do not replace them.
   */
  public CachingHttpClientBuilder classicBuilder() {
    ClassicBuilder b = new ClassicBuilder(beforeCache, afterCache);
    b.setHttpCacheStorage(storage).setCacheConfig(cacheConfig);
    return b;
  }

  /** Returns a new classic client caching here, with httpclient5's defaults otherwise. */
  public CloseableHttpClient newClassicClient() {
    return classicBuilder().build();
  }

  /**
   * Returns a new httpclient5 builder of async clients caching here, to customise before
   * {@code build()}. Each client built gets its own {@link JCacheHttpAsyncCacheStorage} (on the
   * executor given to {@link Builder#storageExecutor}, or on its own bounded executor, stopped
   * when the client is closed), so that store I/O never runs on the I/O reactor.
   */
  public CachingHttpAsyncClientBuilder asyncBuilder() {
    JCacheHttpAsyncCacheStorage async = storageExecutor == null
        ? new JCacheHttpAsyncCacheStorage(storage)
        : new JCacheHttpAsyncCacheStorage(storage, storageExecutor);
    AsyncBuilder b = new AsyncBuilder(beforeCache, afterCache, async);
    b.setHttpCacheStorage(async).setCacheConfig(cacheConfig);
    return b;
  }

  /** Returns a new async client caching here, already started. */
  public CloseableHttpAsyncClient newAsyncClient() {
    CloseableHttpAsyncClient client = asyncBuilder().build();
    client.start();
    return client;
  }

  /**
   * Closes the store connection opened by {@link Builder#build()} from a URI (its entries stay);
   * a cache given to the builder, and other CacheManagers on the same store, stay open.
   */
  @Override
  public void close() {
    if (ownedManager != null) {
      ownedManager.close();
    }
  }

  /** Adds the two exec chain elements around the caching stage of classic clients. */
  private static final class ClassicBuilder extends CachingHttpClientBuilder {
    private final ExecChainHandler before;
    private final ExecChainHandler after;

    ClassicBuilder(ExecChainHandler before, ExecChainHandler after) {
      this.before = before;
      this.after = after;
    }

    @Override
    protected void customizeExecChain(NamedElementChain<ExecChainHandler> chain) {
      super.customizeExecChain(chain);
      chain.addBefore(ChainElement.CACHING.name(), before, RULES);
      chain.addAfter(ChainElement.CACHING.name(), after, ORIGIN);
    }
  }

  /** Adds the two exec chain elements around the caching stage of async clients. */
  private static final class AsyncBuilder extends CachingHttpAsyncClientBuilder {
    private final AsyncExecChainHandler before;
    private final AsyncExecChainHandler after;
    private final JCacheHttpAsyncCacheStorage storage;

    AsyncBuilder(AsyncExecChainHandler before, AsyncExecChainHandler after,
        JCacheHttpAsyncCacheStorage storage) {
      this.before = before;
      this.after = after;
      this.storage = storage;
    }

    @Override
    protected void customizeExecChain(NamedElementChain<AsyncExecChainHandler> chain) {
      super.customizeExecChain(chain);
      chain.addBefore(ChainElement.CACHING.name(), before, RULES);
      chain.addAfter(ChainElement.CACHING.name(), after, ORIGIN);
      addCloseable(storage);
    }
  }

  /**
   * Configures a {@link JCacheHttpCaching}. Every option has a default:
   *
   * <table>
   *   <caption>Options</caption>
   *   <tr><th>method</th><th>default</th><th>requests-cache</th></tr>
   *   <tr><td>{@link #store(URI)} / {@link #cache(Cache)}</td><td>the provider's default URI
   *       (an embedded SQLite file), cache {@value #DEFAULT_CACHE_NAME}</td><td>backend</td></tr>
   *   <tr><td>{@link #maxObjectSize}</td><td>4 MiB</td><td></td></tr>
   *   <tr><td>{@link #maxSize}</td><td>1 GiB in the embedded default store; otherwise what the
   *       stored cache or the store's {@code maxBytes} option says (unbounded by default)</td>
   *       <td></td></tr>
   *   <tr><td>{@link #expireAfter(Duration)}</td><td>none: uncacheable without freshness</td>
   *       <td>expire_after</td></tr>
   *   <tr><td>{@link #cacheControl(boolean)}</td><td>true: the origin's freshness wins, the
   *       expiry fills in</td><td>cache_control (there default false)</td></tr>
   *   <tr><td>{@link #expireAfter(String, Duration)}, {@link #neverCache}</td><td>none</td>
   *       <td>urls_expire_after</td></tr>
   *   <tr><td>{@link #ignoreParameters}, {@link #ignoreHeaders}</td><td>none</td>
   *       <td>ignored_parameters</td></tr>
   *   <tr><td>{@link #matchHeaders}</td><td>none (only the origin's {@code Vary})</td>
   *       <td>match_headers</td></tr>
   *   <tr><td>{@link #filter}</td><td>store every cacheable response</td><td>filter_fn</td></tr>
   *   <tr><td>{@link #allowedMethods}</td><td>GET, HEAD</td><td>allowable_methods</td></tr>
   *   <tr><td>{@link #maxPostBodySize}</td><td>1 MiB</td><td></td></tr>
   *   <tr><td>{@link #allowedStatusCodes}</td><td>httpclient5-cache's cacheable codes</td>
   *       <td>allowable_codes</td></tr>
   *   <tr><td>{@link #staleIfError(boolean)}, {@link #staleIfError(Duration)}</td><td>off</td>
   *       <td>stale_if_error</td></tr>
   *   <tr><td>{@link #staleWhileRevalidate}</td><td>only the origin's directive</td>
   *       <td>stale_while_revalidate</td></tr>
   *   <tr><td>{@link #gracePeriod}</td><td>1 day</td><td>backend TTL</td></tr>
   *   <tr><td>{@link #collapseRequests}, {@link #collapseTimeout}, {@link #leaseDuration}</td>
   *       <td>on, 30 s, 10 s</td><td></td></tr>
   *   <tr><td>{@link #sharedCache}</td><td>true</td><td></td></tr>
   *   <tr><td>{@link #heuristicCaching}</td><td>false</td><td></td></tr>
   *   <tr><td>{@link #decodedCacheSize}</td><td>16 MiB</td><td></td></tr>
   * </table>
   */
  public static final class Builder {
    private URI store;
    private String cacheName = DEFAULT_CACHE_NAME;
    private Cache<String, ?> cache;
    private CacheConfig baseConfig = CacheConfig.DEFAULT;
    private long maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;
    /** -1: not set. */
    private long maxSize = -1;
    private boolean sharedCache = true;
    private boolean heuristicCaching;
    private boolean staleIfError;
    private Duration staleIfErrorFor;
    private Duration gracePeriod = EntryLifetime.DEFAULT_GRACE_PERIOD;
    private int maxUpdateRetries = JCacheHttpCacheStorage.DEFAULT_MAX_UPDATE_RETRIES;
    private long decodedCacheSize = JCacheHttpCacheStorage.DEFAULT_DECODED_CACHE_SIZE;
    private Duration expireAfter;
    private boolean cacheControl = true;
    private Duration staleWhileRevalidate;
    private Predicate<HttpResponse> filter = response -> true;
    private final Set<String> matchHeaders = new LinkedHashSet<>();
    private Set<String> allowedMethods = Set.of("GET", "HEAD");
    private int maxPostBodySize = DEFAULT_MAX_POST_BODY_SIZE;
    private final List<CacheRules.UrlRule> urlRules = new ArrayList<>();
    private final Set<String> ignoredParameters = new LinkedHashSet<>();
    private final Set<String> ignoredHeaders = new LinkedHashSet<>();
    private final Set<Integer> allowedStatuses = new LinkedHashSet<>();
    private Executor storageExecutor;
    private boolean collapse = true;
    private Duration collapseTimeout = Duration.ofSeconds(30);
    private Duration leaseDuration = Duration.ofSeconds(10);

    private Builder() {}

    /** Stores responses in the store at {@code uri} ({@code sqlite:/path/http.db}, ...). */
    public Builder store(URI uri) {
      this.store = Objects.requireNonNull(uri, "uri");
      this.cache = null;
      return this;
    }

    /** Stores responses in the store at {@code uri}, given as text. */
    public Builder store(String uri) {
      return store(URI.create(uri));
    }

    /** Names the cache holding the responses in the store; default {@value #DEFAULT_CACHE_NAME}. */
    public Builder cacheName(String name) {
      this.cacheName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Stores responses in {@code cache}, of any JCache provider, instead of opening a store:
     * as readable documents in a cache of jcache-stores with {@code Object} values, as bytes in
     * any other (a {@code Cache<String, byte[]>}, another provider's cache).
     */
    public Builder cache(Cache<String, ?> cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.store = null;
      return this;
    }

    /**
     * Starts from {@code config} instead of httpclient5-cache's defaults; the options of this
     * builder (object size, shared cache, heuristics, stale-if-error) are applied on top.
     */
    public Builder cacheConfig(CacheConfig config) {
      this.baseConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Sets the largest response body stored, in bytes; default 4 MiB. */
    public Builder maxObjectSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxObjectSize must be positive: " + bytes);
      }
      this.maxObjectSize = bytes;
      return this;
    }

    /**
     * Bounds the responses this caching stores to {@code bytes} (as stored: headers, body and
     * cache data), whichever process stores them: storing beyond it evicts the least recently used
     * responses. 0 for no bound. Default: {@link #DEFAULT_MAX_SIZE} in the embedded default store;
     * in a store named with {@link #store(URI)}, the bound the cache was stored with, if any, or
     * the store's {@code maxBytes} option. Only for caches this builder opens (not with
     * {@link #cache(Cache)}); jcache-stores' SQLite and MongoDB stores hold bounds, DynamoDB refuses
     * them.
     */
    public Builder maxSize(long bytes) {
      requireNonNegative(bytes, "maxSize");
      this.maxSize = bytes;
      return this;
    }

    /**
     * Whether the cache is shared between users (default true): a shared cache does not store
     * {@code private} responses nor, without {@code public} / {@code s-maxage}, responses to
     * requests with {@code Authorization}. Set false for a cache used by one user only.
     */
    public Builder sharedCache(boolean shared) {
      this.sharedCache = shared;
      return this;
    }

    /** Enables httpclient5-cache's heuristic freshness (10% of the time since Last-Modified). */
    public Builder heuristicCaching(boolean enabled) {
      this.heuristicCaching = enabled;
      return this;
    }

    /**
     * Gives responses this freshness lifetime, as a {@code Cache-Control: max-age} added to the
     * response: only to responses without explicit freshness ({@code max-age},
     * {@code s-maxage}, {@code Expires}) by default, to every response with
     * {@link #cacheControl(boolean) cacheControl(false)}. {@link Duration#ZERO} (or anything
     * under a second) gives {@code no-cache} instead: stored, revalidated at every use. Null (the
     * default) leaves responses as the origin sent them.
     */
    public Builder expireAfter(Duration expiry) {
      this.expireAfter = nonNegative(expiry, "expireAfter");
      return this;
    }

    /**
     * Whether the origin's freshness wins over the expiry rules ({@link #expireAfter(Duration)},
     * the URL rules, {@link RequestCaching#expireAfter}); default true.
     *
     * <p>True (the default, and HTTP's rule): an expiry only fills in for responses that have
     * no explicit freshness, so a {@code max-age=60} response stays fresh 60 s whatever
     * {@code expireAfter} says. We keep it the default because it never serves a response longer
     * than its origin allows. False (requests-cache's default, {@code cache_control=False}): a
     * matching expiry replaces the response's {@code max-age}, {@code s-maxage},
     * {@code no-cache} and {@code Expires}; {@code no-store} and {@code private} are still
     * obeyed, and validators are kept for revalidation.
     */
    public Builder cacheControl(boolean honorOrigin) {
      this.cacheControl = honorOrigin;
      return this;
    }

    /**
     * Gives responses to URLs matching {@code urlPattern} (see {@link UrlPattern}) this freshness
     * lifetime, as {@link #expireAfter(Duration)} does; rules are tried in the order added, first
     * match wins, before {@link #expireAfter(Duration)}. {@link Duration#ZERO} (or anything under
     * a second) stores them but revalidates each time: they get {@code Cache-Control: no-cache},
     * as httpclient5-cache does not store a {@code max-age=0} response.
     */
    public Builder expireAfter(String urlPattern, Duration expiry) {
      urlRules.add(new CacheRules.UrlRule(UrlPattern.of(urlPattern),
          requiredNonNegative(expiry, "expiry")));
      return this;
    }

    /** Never serves nor stores responses to URLs matching {@code urlPattern} (a URL rule). */
    public Builder neverCache(String urlPattern) {
      urlRules.add(new CacheRules.UrlRule(UrlPattern.of(urlPattern), null));
      return this;
    }

    /**
     * Leaves these query parameters (API keys, tokens) out of the cache key and the stored
     * request; they are still sent to the origin.
     */
    public Builder ignoreParameters(String... names) {
      ignoredParameters.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Leaves these request headers out of the cache's view of the request: not matched against
     * {@code Vary}, not stored; they are still sent to the origin. ({@code Authorization} is
     * never stored by httpclient5-cache anyway.)
     */
    public Builder ignoreHeaders(String... names) {
      ignoredHeaders.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds these request headers to the cache key: responses to requests that differ in one of
     * them are stored apart (as variants: the names are added to each response's {@code Vary},
     * httpclient5-cache's own mechanism, so they are also visible to the caller).
     */
    public Builder matchHeaders(String... names) {
      for (String name : names) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("matchHeaders: a header name cannot be blank");
        }
        matchHeaders.add(name.trim());
      }
      return this;
    }

    /**
     * Sets the methods whose responses are cached: GET and HEAD (the default; httpclient5-cache
     * caches them whatever this says), and optionally POST. A POST is then keyed by its URL and the
     * SHA-256 of its body (with the {@link #ignoreParameters ignored parameters} left out of form
     * and JSON bodies), and served from the cache like a GET: use it for queries sent as POST
     * (GraphQL, search APIs), whose response depends only on URL and body. Its response needs
     * explicit freshness (or an {@link #expireAfter(Duration) expiry}) to be stored, and a cached
     * POST does not invalidate the URL's stored GET. On classic and async clients: the body is read
     * before the cache, at most {@link #maxPostBodySize} bytes of it, and the origin gets it
     * unchanged; a POST whose body is longer, or (async clients) whose entity producer is not
     * repeatable (a stream, not bytes or a string), is sent uncached.
     *
     * @throws IllegalArgumentException for another method than GET, HEAD or POST
     */
    public Builder allowedMethods(String... methods) {
      Set<String> allowed = new LinkedHashSet<>();
      for (String m : methods) {
        String method = Objects.requireNonNull(m, "method").toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "HEAD", "POST").contains(method)) {
          throw new IllegalArgumentException("allowedMethods: only GET, HEAD and POST responses "
              + "can be cached, not " + m);
        }
        allowed.add(method);
      }
      this.allowedMethods = allowed;
      return this;
    }

    /**
     * Sets the longest POST body read to key a POST by it when {@link #allowedMethods} allows
     * POST (default 1 MiB); a POST with a longer body is sent uncached. It bounds the memory a
     * cached POST takes before it is sent.
     *
     * @throws IllegalArgumentException if bytes is negative or above 1 GiB
     */
    public Builder maxPostBodySize(int bytes) {
      if (bytes < 0 || bytes > 1 << 30) {
        throw new IllegalArgumentException("maxPostBodySize must be between 0 and 1 GiB: " + bytes);
      }
      this.maxPostBodySize = bytes;
      return this;
    }

    /**
     * Stores only responses {@code filter} accepts (it sees the status and headers, before the
     * body is read; a refused response gets {@code Cache-Control: no-store}); default: all.
     */
    public Builder filter(Predicate<HttpResponse> filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Serves a stored response up to {@code window} after it became stale while it is refreshed
     * in the background ({@link CacheOutcome#STALE}): a {@code stale-while-revalidate} directive
     * added to responses that do not have their own (the origin's wins). Background refreshes run
     * on httpclient5-cache's revalidation workers ({@link CacheConfig#getAsynchronousWorkers()},
     * default 1). Null (the default): only the origin's directive.
     */
    public Builder staleWhileRevalidate(Duration window) {
      this.staleWhileRevalidate = nonNegative(window, "staleWhileRevalidate");
      return this;
    }

    /**
     * Stores only responses with these status codes (on top of httpclient5-cache's own rules);
     * default: every code httpclient5-cache caches.
     */
    public Builder allowedStatusCodes(int... codes) {
      for (int c : codes) {
        allowedStatuses.add(c);
      }
      return this;
    }

    /**
     * Serves stale stored content when the origin fails (I/O error, 500, 502, 503, 504) whatever
     * its age: httpclient5-cache's {@code staleIfErrorEnabled}. Stored entries live until their
     * grace period ends, which bounds the staleness.
     */
    public Builder staleIfError(boolean enabled) {
      this.staleIfError = enabled;
      return this;
    }

    /**
     * Serves stale stored content when the origin fails if it has been stale for less than
     * {@code maxStaleness}: a {@code stale-if-error} request directive on every request.
     */
    public Builder staleIfError(Duration maxStaleness) {
      this.staleIfErrorFor = nonNegative(maxStaleness, "staleIfError");
      return this;
    }

    /**
     * Keeps stored entries this long after they become stale, for revalidation and
     * stale-if-error, before the store drops them; default one day.
     */
    public Builder gracePeriod(Duration grace) {
      this.gracePeriod = requiredNonNegative(grace, "gracePeriod");
      return this;
    }

    /** Sets how often a storage update retries after losing a race; default 8. */
    public Builder maxUpdateRetries(int retries) {
      requireNonNegative(retries, "maxUpdateRetries");
      this.maxUpdateRetries = retries;
      return this;
    }

    /**
     * Sets about how much heap, in bytes, entries kept decoded may take; default 16 MiB, 0 decodes
     * every hit. Every read still goes to the store: this only saves decoding bytes that did not
     * change since they were last read.
     */
    public Builder decodedCacheSize(long bytes) {
      requireNonNegative(bytes, "decodedCacheSize");
      this.decodedCacheSize = bytes;
      return this;
    }

    /**
     * Whether concurrent identical cacheable requests share one origin call (default true): of
     * the GET and HEAD requests with the same key (method, URL as the cache sees it, matched
     * headers) that the cache may answer and store, one goes to the origin and the others
     * wait, then are served by the cache ({@link CacheOutcome#HIT}). Across processes sharing
     * the store (on jcache-stores' stores) the request going to the origin first takes a lease
     * in the store ({@link #leaseDuration}); the other processes wait for it to go, then read the
     * cache. Async clients take it only for requests nothing is stored for: httpclient5-cache
     * turns any failure of an async revalidation into a 504 or a stale response. Requests in
     * another mode than {@link RequestCaching#normal()}, or whose response is not stored, are never
     * held back beyond one wait.
     */
    public Builder collapseRequests(boolean enabled) {
      this.collapse = enabled;
      return this;
    }

    /**
     * Sets the longest a request waits for an identical one (in this process, or another
     * process's lease) before going to the origin itself; default 30 s.
     */
    public Builder collapseTimeout(Duration timeout) {
      this.collapseTimeout = requiredPositive(timeout, "collapseTimeout");
      return this;
    }

    /**
     * Sets how long the lease a process takes in the store before going to the origin lives if
     * it is not released: the longest a process that dies mid-fetch holds the others back;
     * default 10 s. Keep it above the origin's usual response time.
     */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = requiredPositive(duration, "leaseDuration");
      return this;
    }

    /**
     * Runs the async clients' store operations on {@code executor} (not stopped by the clients)
     * instead of a bounded executor of their own.
     */
    public Builder storageExecutor(Executor executor) {
      this.storageExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    private CacheConfig cacheConfig() {
      return CacheConfig.copy(baseConfig)
          .setMaxObjectSize(maxObjectSize)
          .setSharedCache(sharedCache)
          .setHeuristicCachingEnabled(heuristicCaching || baseConfig.isHeuristicCachingEnabled())
          .setStaleIfErrorEnabled(staleIfError || baseConfig.isStaleIfErrorEnabled())
          .setMaxUpdateRetries(maxUpdateRetries)
          .build();
    }

    /**
     * Opens the store (creating the cache if needed) and returns the caching.
     *
     * @throws CacheException if the store cannot be opened
     * @throws IllegalArgumentException if the store URI is not supported
     */
    public JCacheHttpCaching build() {
      if (cache != null) {
        if (maxSize >= 0) {
          throw new IllegalStateException("maxSize bounds a cache this builder opens, not one "
              + "handed in with cache(...): bound that one with StoreConfiguration.setMaxBytes");
        }
        return new JCacheHttpCaching(this, cache, null);
      }
      // a provider of its own, so that close() closes only what this caching opened: the
      // shared provider's manager for the same URI may hold the application's own caches
      CachingProvider provider = new StoreCachingProvider();
      URI uri = store == null ? provider.getDefaultURI() : store;
      long bound = maxSize >= 0 ? maxSize
          : store == null && "sqlite".equals(uri.getScheme()) ? DEFAULT_MAX_SIZE : -1;
      CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
      try {
        return new JCacheHttpCaching(this, bound < 0 ? documentCache(manager, cacheName)
            : bounded(manager, cacheName, bound), manager);
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
    }

    /**
     * Opens the cache of responses bounded to {@code bytes}: as {@link #documentCache} does,
     * then, if it is stored with another bound, opened again with this one (its entries stay).
     */
    private static Cache<String, ?> bounded(CacheManager manager, String name, long bytes) {
      Cache<String, ?> existing = documentCache(manager, name);
      if (existing.getConfiguration(StoreConfiguration.class).getMaxBytes()
          .equals(OptionalLong.of(bytes))) {
        return existing;
      }
      existing.close();
      return manager.createCache(name, new StoreConfiguration<String, Object>()
          .setTypes(String.class, Object.class).setMaxBytes(bytes));
    }

    /**
     * Returns the cache of responses, with {@code Object} values so that they are stored as
     * documents. A cache stored by an earlier version with {@code byte[]} values is opened anew
     * with {@code Object} values, keeping its entries, which stay hits; one that this manager
     * already holds open with {@code byte[]} values is used as it is, with bytes.
     */
    private static Cache<String, ?> documentCache(CacheManager manager, String name) {
      try {
        return Caches.getOrCreate(manager, name, String.class, Object.class);
      } catch (ClassCastException storedAsBytes) {
        try {
          return manager.createCache(name, new StoreConfiguration<String, Object>()
              .setTypes(String.class, Object.class));
        } catch (CacheException openHere) {
          return manager.getCache(name, String.class, byte[].class);
        }
      }
    }

    /** Returns {@code d}, which may be null; throws if it is negative. */
    private static Duration nonNegative(Duration d, String what) {
      if (d != null && d.isNegative()) {
        throw new IllegalArgumentException(what + " is negative: " + d);
      }
      return d;
    }

    private static Duration requiredPositive(Duration d, String what) {
      if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    /** Returns {@code d}; throws if it is null or negative. */
    private static Duration requiredNonNegative(Duration d, String what) {
      return nonNegative(Objects.requireNonNull(d, what), what);
    }

    private static void requireNonNegative(long n, String what) {
      if (n < 0) {
        throw new IllegalArgumentException(what + " is negative: " + n);
      }
    }
  }
}
