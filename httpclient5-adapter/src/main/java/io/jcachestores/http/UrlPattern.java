package io.jcachestores.http;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A URL pattern as requests-cache's {@code urls_expire_after} understands it: a glob
 * ({@code *} matches any characters) matched against the start of a URL without its scheme, so
 * {@code api.example.com/users} matches {@code https://api.example.com/users/42?x=1} and
 * {@code *.example.com/static/*.png} matches any PNG under {@code /static/} of a subdomain.
 * The host is compared without case, and the default port may be left out.
 */
public final class UrlPattern {

  private final String glob;
  private final Pattern regex;

  private UrlPattern(String glob) {
    this.glob = glob;
    StringBuilder re = new StringBuilder();
    for (String part : withoutScheme(glob).split("\\*", -1)) {
      if (re.length() > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    this.regex = Pattern.compile(re.append(".*").toString(), Pattern.DOTALL);
  }

  /**
   * Returns the pattern {@code glob}.
   *
   * @throws IllegalArgumentException if glob is blank
   */
  public static UrlPattern of(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isBlank()) {
      throw new IllegalArgumentException("A URL pattern cannot be blank");
    }
    return new UrlPattern(glob.trim());
  }

  /** Returns whether {@code url} (absolute, with or without an explicit port) matches. */
  public boolean matches(String url) {
    String bare = withoutScheme(url);
    return regex.matcher(bare).matches() || regex.matcher(withoutDefaultPort(url, bare)).matches();
  }

  private static String withoutScheme(String s) {
    int i = s.indexOf("://");
    return lowerHost(i < 0 ? s : s.substring(i + 3));
  }

  private static String lowerHost(String s) {
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    return host.toLowerCase(Locale.ROOT) + (slash < 0 ? "" : s.substring(slash));
  }

  private static String withoutDefaultPort(String url, String bare) {
    String lower = url.toLowerCase(Locale.ROOT);
    String port = lower.startsWith("https://") ? ":443" : lower.startsWith("http://") ? ":80" : null;
    int slash = bare.indexOf('/');
    String host = slash < 0 ? bare : bare.substring(0, slash);
    if (port == null || !host.endsWith(port)) {
      return bare;
    }
    return host.substring(0, host.length() - port.length()) + bare.substring(host.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlPattern other && other.glob.equals(glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }

  @Override
  public String toString() {
    return glob;
  }
}
