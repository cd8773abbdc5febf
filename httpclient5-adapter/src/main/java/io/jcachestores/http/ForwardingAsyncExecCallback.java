package io.jcachestores.http;

import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * An {@link AsyncExecCallback} that passes every call on to another one: the exec chain
 * elements of this package extend it and override only the calls they act on, calling
 * {@code super} to pass them on.
 */
class ForwardingAsyncExecCallback implements AsyncExecCallback {

  private final AsyncExecCallback delegate;

  /** Creates a callback passing every call on to {@code delegate}. */
  ForwardingAsyncExecCallback(AsyncExecCallback delegate) {
    this.delegate = delegate;
  }

  @Override
  public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details)
      throws HttpException, IOException {
    return delegate.handleResponse(response, details);
  }

  @Override
  public void handleInformationResponse(HttpResponse response)
      throws HttpException, IOException {
    delegate.handleInformationResponse(response);
  }

  @Override
  public void completed() {
    delegate.completed();
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }
}
