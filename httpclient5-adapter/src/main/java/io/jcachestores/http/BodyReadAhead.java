package io.jcachestores.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * Reads the body of an async request ahead of time, to key a POST by it
 * ({@link CacheRules#isKeyedByBody}). Only a repeatable producer (the in-memory ones of
 * httpcore5: bytes, strings, forms) is read, at most a limit of bytes, and it is then rewound
 * with {@link AsyncEntityProducer#releaseResources()} (as the client does before a retry), so
 * that the origin gets the same bytes from it unchanged. A producer that would have to wait for
 * its data is never read here.
 */
final class BodyReadAhead {

  private BodyReadAhead() {}

  /**
   * Returns the body {@code producer} (null: no body) produces, or null if it is not
   * repeatable, or does not end within {@code limit} bytes, or makes no progress when asked.
   */
  static byte[] read(AsyncEntityProducer producer, long limit) throws IOException {
    if (producer == null) {
      return new byte[0];
    }
    if (!producer.isRepeatable() || producer.getContentLength() > limit) {
      return null;
    }
    Collector collector = new Collector();
    try {
      while (!collector.ended && collector.bytes.size() <= limit) {
        int before = collector.bytes.size();
        producer.produce(collector);
        if (!collector.ended && collector.bytes.size() == before) {
          return null; // it waits for something
        }
      }
      return collector.ended && collector.bytes.size() <= limit
          ? collector.bytes.toByteArray() : null;
    } finally {
      producer.releaseResources(); // rewinds it for the origin
    }
  }

  /** A channel that keeps everything written to it. */
  private static final class Collector implements DataStreamChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean ended;

    @Override
    public void requestOutput() {
      // read() asks again until the stream ends
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      byte[] chunk = new byte[n];
      src.get(chunk);
      bytes.write(chunk, 0, n);
      return n;
    }

    @Override
    public void endStream() {
      ended = true;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
      ended = true;
    }
  }
}
