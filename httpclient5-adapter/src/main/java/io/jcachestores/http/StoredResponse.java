package io.jcachestores.http;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.HeaderGroup;

/**
 * One stored response in full, as {@link HttpCacheInspector#show} reads it: what
 * {@link CachedResponse} lists, plus the headers and the body.
 *
 * @param summary the response as {@link HttpCacheInspector} lists it
 * @param requestHeaders the headers of the request that fetched it, in order
 * @param headers the response headers, in order
 * @param body the body (empty for a response without one)
 */
public record StoredResponse(CachedResponse summary, List<Header> requestHeaders,
    List<Header> headers, byte[] body) {

  /** Copies the lists, which the record keeps unmodifiable. */
  public StoredResponse {
    requestHeaders = List.copyOf(requestHeaders);
    headers = List.copyOf(headers);
    body = body.clone();
  }

  static StoredResponse of(CachedResponse summary, HttpCacheEntry entry) {
    byte[] body;
    try {
      body = entry.getResource() == null ? new byte[0] : entry.getResource().get();
    } catch (ResourceIOException e) {
      body = new byte[0];
    }
    List<Header> request = new ArrayList<>();
    entry.requestHeaderIterator().forEachRemaining(request::add);
    return new StoredResponse(summary, request, List.of(entry.getHeaders()), body);
  }

  /** Returns the body (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body as text when the response is textual (its {@code Content-Type} is
   * {@code text/*}, JSON, XML... without {@code Content-Encoding}) and the body decodes cleanly in
   * its charset (UTF-8 if none); else null.
   */
  public String bodyText() {
    HeaderGroup group = new HeaderGroup();
    group.setHeaders(headers.toArray(new Header[0]));
    Charset charset = HttpDocuments.textCharset(group);
    return charset == null ? null : HttpDocuments.text(body, charset);
  }

  /** Returns the headers as {@code Name: value} lines. */
  public List<String> headerLines() {
    List<String> lines = new ArrayList<>(headers.size());
    headers.forEach(h -> lines.add(h.getName() + ": " + h.getValue()));
    return Collections.unmodifiableList(lines);
  }
}
