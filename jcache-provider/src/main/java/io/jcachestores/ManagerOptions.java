package io.jcachestores;

import io.jcachestores.cache.StoreCacheManager;
import io.jcachestores.codec.Signer;
import io.jcachestores.spi.StoreFactory;
import io.jcachestores.spi.StoreOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options every CacheManager understands, whatever its store, and how they are gathered.
 *
 * <table>
 *   <caption>Options of every store</caption>
 *   <tr><th>name</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code allow}</td><td>comma-separated classes or packages ({@code com.example.*},
 *       {@code com.example.**}) that may be Java-deserialized, for every cache</td><td>none</td></tr>
 *   <tr><td>{@code secretKey}</td><td>signs every stored value with HMAC-SHA256; a value that
 *       does not verify is never deserialized. Not accepted in the URI, which is shown in
 *       logs and MBean names.</td><td>unsigned</td></tr>
 *   <tr><td>{@code salt}</td><td>derives the signing key together with {@code secretKey}</td>
 *       <td>{@code jcache-stores}</td></tr>
 *   <tr><td>{@code purgeInterval}</td><td>how often expired entries are deleted; 0 never</td>
 *       <td>{@code 60s}</td></tr>
 *   <tr><td>{@code pageSize}</td><td>entries read per round trip while iterating</td>
 *       <td>1000</td></tr>
 *   <tr><td>{@code mustExist}</td><td>open only a store that exists, creating nothing: a missing
 *       SQLite file, MongoDB database without caches or DynamoDB table is an error (for tools
 *       that only read; wins over DynamoDB's {@code createIfNotExists})</td>
 *       <td>{@code false}</td></tr>
 *   <tr><td>{@value #CLOCK}</td><td>a {@link Clock}, handed in through the CacheManager's
 *       {@link Properties} only: the time that decides expiry and purging (tests,
 *       simulations)</td><td>{@link Clock#systemUTC()}</td></tr>
 *   <tr><td>{@code statistics}</td><td>{@code true}: statistics on for every cache of the
 *       manager, those a framework creates included, as {@code setStatisticsEnabled(true)} would
 *       do</td><td>{@code false}: as each cache's configuration says</td></tr>
 *   <tr><td>{@code management}</td><td>{@code true}: the configuration MXBean registered for
 *       every cache of the manager</td><td>{@code false}: as each cache's configuration says</td>
 *       </tr>
 *   <tr><td>{@code maxEntries}</td><td>the most entries every cache of the manager that sets no
 *       bound itself ({@link StoreConfiguration#setMaxEntries}) may hold; least recently used
 *       entries are evicted beyond it; 0 unbounded. Refused by DynamoDB.</td><td>0</td></tr>
 *   <tr><td>{@code maxBytes}</td><td>the same for bytes of keys and values as stored
 *       ({@code 500MiB}, {@code 1GiB}, {@code 2GB} or a number of bytes)</td><td>0</td></tr>
 *   <tr><td>{@value #SERIALIZER}</td><td>{@code json}: the values of every cache with a declared
 *       value type (other than {@code Object}) are JSON documents ({@link Serializer#json}), unless
 *       its {@link StoreConfiguration#serializer} says otherwise; {@code codec}: the built-in
 *       codec</td><td>{@code codec}</td></tr>
 * </table>
 *
 * <p>Sources, later ones winning: system properties {@code jcachestores.<name>}, the URI's query
 * parameters, the CacheManager's {@link Properties} (a configuration file's entries among them).
 *
 * <p>Unknown names are refused with the list of known ones, so that a misspelled option fails
 * instead of being ignored: in the URI (except the MongoDB driver's own parameters, which the
 * driver checks) and in a configuration file, a name must be an option of every store or of the
 * URI's store; a system property, a default for every CacheManager of the JVM whatever its store,
 * must be an option of some store. The {@link Properties} given to {@code getCacheManager} are
 * the exception: JCache lets applications and frameworks pass properties of their own there (the
 * TCK checks that a provider accepts them), so an unknown name there is logged at WARN, with the
 * known ones, and ignored.
 */
final class ManagerOptions {

  private static final Logger LOG = LoggerFactory.getLogger(ManagerOptions.class);

  static final String SYSTEM_PREFIX = "jcachestores.";
  /** The option holding the {@link Clock} of a CacheManager. */
  static final String CLOCK = "clock";

  /** The option choosing the format of values of caches with a declared value type. */
  static final String SERIALIZER = "serializer";

  /** The options every store understands. */
  static final Set<String> NAMES =
      Set.of("allow", "secretKey", "salt", "purgeInterval", "pageSize", StoreOptions.MUST_EXIST,
          CLOCK, "statistics", "management", SERIALIZER, StoreOptions.MAX_ENTRIES,
          StoreOptions.MAX_BYTES);

  private ManagerOptions() {}

  /** Returns the default CacheManager URI (see {@link StoreCachingProvider}). */
  static URI defaultUri() {
    String configured = System.getProperty(StoreCachingProvider.URI_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured.trim());
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    Path file = base.resolve("jcache-stores").resolve("default.db").toAbsolutePath();
    try {
      return new URI("sqlite", file.toString(), null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("No URI for " + file, e);
    }
  }

  /**
   * Returns the URI that identifies a CacheManager: {@code uri} without its query, and without
   * the password of its user information ({@code mongodb://alice:pw@host/db} is identified as
   * {@code mongodb://alice@host/db}). The query holds options, which configure a manager when it
   * opens, as its {@code Properties} do; the rest names the store. It is also what JMX names
   * (and Micrometer's, which take {@code getURI()} with ':' replaced by '.') are built from,
   * where a query's '?', '=' and '&' have no place and a password must not be seen.
   */
  static URI identity(URI uri) {
    String s = uri.toString();
    int query = s.indexOf('?');
    String rest = query < 0 ? s : s.substring(0, query);
    int authority = rest.indexOf("://");
    if (authority >= 0) {
      int start = authority + 3;
      int end = rest.indexOf('/', start);
      int at = rest.lastIndexOf('@', end < 0 ? rest.length() - 1 : end);
      int colon = rest.indexOf(':', start);
      if (at > start && colon >= start && colon < at) {
        String user = rest.substring(start, colon);
        rest = rest.substring(0, start) + user + (user.isEmpty() ? "" : "@")
            + rest.substring(at + 1);
      }
    }
    return rest.equals(s) ? uri : URI.create(rest);
  }

  /**
   * Gathers the options of a CacheManager on {@code uri}'s store from its sources.
   *
   * @param file the options of the configuration file naming the store, or empty ones
   * @param properties the Properties given to {@code getCacheManager}, which win over the file's
   * @param factory the factory of the URI's store
   * @param anyStore the options of every installed store
   * @throws IllegalArgumentException if a name is unknown (see the class comment)
   */
  static StoreOptions merge(URI uri, Properties file, Properties properties, StoreFactory factory,
      Set<String> anyStore) {
    Set<String> known = new TreeSet<>(NAMES);
    known.addAll(factory.optionNames());
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(SYSTEM_PREFIX) && !name.equals(StoreCachingProvider.URI_PROPERTY)) {
        String option = name.substring(SYSTEM_PREFIX.length());
        if (!NAMES.contains(option) && !anyStore.contains(option)) {
          Set<String> all = new TreeSet<>(NAMES);
          all.addAll(anyStore);
          throw unknown(option, "system property " + name, all);
        }
        values.put(option, System.getProperty(name));
      }
    }
    Map<String, String> query = query(uri);
    if (query.containsKey("secretKey")) {
      throw new IllegalArgumentException("The secretKey option is not accepted in the "
          + "CacheManager URI, which is shown in logs and MBean names: pass it in the Properties");
    }
    if (!factory.passesOtherUriParameters()) {
      for (String name : query.keySet()) {
        if (!known.contains(name)) {
          throw unknown(name, "the CacheManager URI " + uri, known);
        }
      }
    }
    values.putAll(query);
    for (String name : file.stringPropertyNames()) {
      if (!known.contains(name)) {
        throw unknown(name, "the configuration file", known);
      }
      values.put(name, file.getProperty(name));
    }
    for (Map.Entry<Object, Object> e : properties.entrySet()) {
      if (e.getKey() instanceof String name && e.getValue() != null) {
        if (known.contains(name)) {
          values.put(name, e.getValue());
        } else {
          LOG.warn("Ignoring '{}' in the CacheManager properties of {}: not an option of this "
              + "store; the known options are {}", name, uri, known);
        }
      }
    }
    return StoreOptions.of(values);
  }

  private static IllegalArgumentException unknown(String name, String where, Set<String> known) {
    return new IllegalArgumentException("Unknown option '" + name + "' in " + where
        + "; the known options are " + known);
  }

  /** Returns the decoded query parameters of a URI, opaque ({@code sqlite:a.db?x=1}) or not. */
  static Map<String, String> query(URI uri) {
    String raw = uri.isOpaque() ? afterQuestionMark(uri.getRawSchemeSpecificPart())
        : uri.getRawQuery();
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "true" : decode(pair.substring(eq + 1));
      params.put(name, value);
    }
    return params;
  }

  private static String afterQuestionMark(String s) {
    int q = s.indexOf('?');
    return q < 0 ? null : s.substring(q + 1);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Returns the settings the manager applies to its caches. */
  static StoreCacheManager.Settings settings(StoreOptions options) {
    String allow = options.string("allow", "");
    List<String> allowed = allow.isEmpty() ? List.of() : Arrays.asList(allow.split(","));
    String secret = options.string("secretKey", null);
    Signer signer = secret == null ? null
        : Signer.of(secret, options.string("salt", "jcache-stores"));
    Duration purge = options.duration("purgeInterval", Duration.ofSeconds(60));
    int pageSize = options.intValue("pageSize", 1000);
    if (pageSize < 1) {
      throw new IllegalArgumentException("Option 'pageSize' must be at least 1, not " + pageSize);
    }
    Clock clock = options.instance(CLOCK, Clock.class);
    String serializer = options.string(SERIALIZER, "codec");
    if (!serializer.equals("codec") && !serializer.equals("json")) {
      throw new IllegalArgumentException("Option '" + SERIALIZER + "' must be 'codec' or 'json', "
          + "not '" + serializer + "'");
    }
    return new StoreCacheManager.Settings(allowed, signer, purge.toMillis(), pageSize,
        clock == null ? Clock.systemUTC() : clock, options.booleanValue("statistics", false),
        options.booleanValue("management", false), serializer.equals("json"),
        options.longValue(StoreOptions.MAX_ENTRIES, 0), options.bytes(StoreOptions.MAX_BYTES, 0));
  }
}
