package io.jcachestores.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityProducer;
import org.junit.jupiter.api.Test;

/** Reading an async request body ahead of time: bounded, and the origin still gets it all. */
class BodyReadAheadTest {

  private static final byte[] BODY = "a=1&b=2".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsARepeatableBodyAndLeavesItWholeForTheOrigin() throws IOException {
    // a string producer: no length known in advance
    AsyncEntityProducer producer = new StringAsyncEntityProducer("a=1&b=2",
        ContentType.APPLICATION_FORM_URLENCODED);

    assertArrayEquals(BODY, BodyReadAhead.read(producer, 64));
    assertArrayEquals(BODY, sent(producer), "rewound: the origin gets every byte");
  }

  @Test
  void aBodyLongerThanTheLimitIsNotReadButStillSentWhole() throws IOException {
    AsyncEntityProducer producer = new StringAsyncEntityProducer("a=1&b=2",
        ContentType.APPLICATION_FORM_URLENCODED);

    assertNull(BodyReadAhead.read(producer, 6));
    assertArrayEquals(BODY, sent(producer));
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() throws IOException {
    assertArrayEquals(BODY, BodyReadAhead.read(
        AsyncEntityProducers.create(BODY, ContentType.APPLICATION_FORM_URLENCODED), BODY.length));
  }

  @Test
  void aProducerThatIsNotRepeatableIsLeftAlone() throws IOException {
    int[] produced = {0};
    AsyncEntityProducer once = new NotRepeatable(AsyncEntityProducers.create(BODY, null),
        produced);

    assertNull(BodyReadAhead.read(once, 64));
    assertEquals(0, produced[0]);
  }

  @Test
  void noBodyIsAnEmptyBody() throws IOException {
    assertEquals(0, BodyReadAhead.read(null, 64).length);
  }

  /** Returns what {@code producer} sends on a channel. */
  private static byte[] sent(AsyncEntityProducer producer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean[] ended = {false};
    DataStreamChannel channel = new DataStreamChannel() {
      @Override
      public void requestOutput() {}

      @Override
      public int write(ByteBuffer src) {
        int n = src.remaining();
        while (src.hasRemaining()) {
          out.write(src.get());
        }
        return n;
      }

      @Override
      public void endStream() {
        ended[0] = true;
      }

      @Override
      public void endStream(List<? extends Header> trailers) {
        ended[0] = true;
      }
    };
    for (int i = 0; i < 100 && !ended[0]; i++) {
      producer.produce(channel);
    }
    assertEquals(true, ended[0], "the body ends");
    return out.toByteArray();
  }

  /** A producer that says it is not repeatable, counting its produce calls. */
  private record NotRepeatable(AsyncEntityProducer delegate, int[] produced)
      implements AsyncEntityProducer {
    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      produced[0]++;
      delegate.produce(channel);
    }

    @Override
    public void failed(Exception cause) {}

    @Override
    public long getContentLength() {
      return delegate.getContentLength();
    }

    @Override
    public String getContentType() {
      return null;
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public boolean isChunked() {
      return false;
    }

    @Override
    public Set<String> getTrailerNames() {
      return Set.of();
    }

    @Override
    public int available() {
      return delegate.available();
    }

    @Override
    public void releaseResources() {}
  }
}
