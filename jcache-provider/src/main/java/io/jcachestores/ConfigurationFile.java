package io.jcachestores;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;

/**
 * A configuration file named by a {@code file:}, {@code jar:} or {@code classpath:} CacheManager
 * URI, such as Spring Boot's {@code spring.cache.jcache.config=classpath:jcache-stores.properties}.
 *
 * <p>It is a Java properties file (UTF-8): {@code uri} names the store, every other entry is a
 * store option, under the {@link Properties} given to {@code getCacheManager}. {@code ${name}} in
 * a value is the system property {@code name}, else the environment variable {@code name}; in
 * {@code uri}, characters that a URI cannot hold (a space in a folder name) are percent-encoded
 * as they are put in:
 * <pre>{@code
 * uri=sqlite:${java.io.tmpdir}/app/cache.db
 * busyTimeout=10s
 * allow=com.example.model.**
 * }</pre>
 *
 * <p>Every error about the file names the file, and the line when it is about an entry.
 *
 * @param location the file's URI, as asked for
 * @param storeUri the store the file names
 * @param options the file's options (every entry but {@code uri}), {@code ${}} replaced
 * @param lines the line each entry starts on
 */
record ConfigurationFile(URI location, URI storeUri, Properties options,
    Map<String, Integer> lines) {

  private static final Set<String> SCHEMES = Set.of("file", "jar", "classpath");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("[Oo]ption '([^']+)'");
  private static final String NOT_IN_URIS = " \"<>\\^`{|}";

  /** Returns whether {@code uri} names a configuration file rather than a store. */
  static boolean isConfigurationFile(URI uri) {
    return uri.getScheme() != null
        && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Reads the configuration file {@code uri} names; {@code classpath:} resources are found
   * through {@code loader}.
   *
   * @throws CacheException if the file cannot be found or read
   * @throws IllegalArgumentException if it names no store, or another configuration file, or a
   *     {@code ${name}} that is set nowhere
   */
  static ConfigurationFile read(URI uri, ClassLoader loader) {
    String text;
    try (InputStream in = open(uri, loader)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CacheException("Cannot read the configuration file " + uri + ": " + e, e);
    }
    Properties file = load(text, uri);
    Map<String, Integer> lines = lines(text, uri);
    Properties options = new Properties();
    for (String name : file.stringPropertyNames()) {
      options.setProperty(name, expand(file.getProperty(name), uri, lines.get(name)));
    }
    String store = (String) options.remove("uri");
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException("The configuration file " + uri
          + " names no store: add a line such as uri=sqlite:/var/cache/app.db");
    }
    String where = where(uri, lines.get("uri"));
    URI storeUri;
    try {
      storeUri = URI.create(encodeForUri(store.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": uri=" + store + " is not a URI: "
          + e.getMessage(), e);
    }
    if (isConfigurationFile(storeUri)) {
      throw new IllegalArgumentException(where + ": uri=" + storeUri + " names another "
          + "configuration file, not a store");
    }
    return new ConfigurationFile(uri, storeUri, options, lines);
  }

  private static InputStream open(URI uri, ClassLoader loader) throws IOException {
    if (uri.getScheme().equalsIgnoreCase("classpath")) {
      String path = uri.getSchemeSpecificPart();
      path = path.startsWith("/") ? path.substring(1) : path;
      URL resource = loader.getResource(path);
      if (resource == null) {
        throw new CacheException("No configuration file " + uri + " on the class path");
      }
      return resource.openStream();
    }
    return uri.toURL().openStream();
  }

  private static Properties load(String text, URI uri) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("The configuration file " + uri
          + " is not a properties file: " + e.getMessage(), e);
    }
    return properties;
  }

  /** Returns the line each entry starts on: each logical line is read as a file of its own. */
  private static Map<String, Integer> lines(String text, URI uri) {
    Map<String, Integer> lines = new HashMap<>();
    String[] physical = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < physical.length; i++) {
      int first = i;
      StringBuilder logical = new StringBuilder(physical[i]);
      while (continues(physical[i]) && !isComment(physical[first]) && i + 1 < physical.length) {
        logical.append('\n').append(physical[++i]);
      }
      load(logical.toString(), uri).stringPropertyNames()
          .forEach(name -> lines.put(name, first + 1));
    }
    return lines;
  }

  private static boolean isComment(String line) {
    String s = line.stripLeading();
    return s.startsWith("#") || s.startsWith("!");
  }

  /** Whether a physical line ends in an odd number of backslashes: the entry goes on. */
  private static boolean continues(String line) {
    int backslashes = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Replaces each {@code ${name}} by the system property or environment variable name. */
  private static String expand(String value, URI uri, Integer line) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      String replacement = name.isEmpty() ? null : System.getProperty(name);
      if (replacement == null && !name.isEmpty()) {
        replacement = System.getenv(name);
      }
      if (replacement == null) {
        throw new IllegalArgumentException(where(uri, line) + ": ${" + name + "} is neither "
            + "a system property nor an environment variable");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    if (out.indexOf("${") >= 0) {
      throw new IllegalArgumentException(where(uri, line) + ": '${' without a closing '}'");
    }
    return out.toString();
  }

  /** Percent-encodes what a URI cannot hold: spaces, control characters, {@code \ " < > ...}. */
  private static String encodeForUri(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f || NOT_IN_URIS.indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String where(URI uri, Integer line) {
    return line == null ? "The configuration file " + uri : uri + " line " + line;
  }

  /**
   * Runs {@code opening}, the opening of the store this file names with {@code given} on top of
   * its options, and says in any error which file, and which line for an option it holds.
   */
  <T> T explainingErrors(Properties given, Supplier<T> opening) {
    try {
      return opening.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(locate(e, given), e);
    } catch (CacheException e) {
      throw new CacheException(locate(e, given), e);
    }
  }

  private String locate(RuntimeException e, Properties given) {
    Matcher m = OPTION_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
    Integer line = m.find() && !given.containsKey(m.group(1)) ? lines.get(m.group(1)) : null;
    return where(location, line) + ": " + e.getMessage();
  }
}
