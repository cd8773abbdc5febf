package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.StoreException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.cache.CacheException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Runs DynamoDB calls and turns their failures into {@link StoreException}s that name the
 * operation, the cache, the table and the endpoint (never credentials).
 */
final class DynamoCalls {

  private final String table;
  private final String where;
  private final Duration timeout;
  private volatile boolean closed;

  /**
   * @param table the table name
   * @param where the endpoint or region, for messages
   * @param timeout the configured call timeout, for messages
   */
  DynamoCalls(String table, String where, Duration timeout) {
    this.table = table;
    this.where = where;
    this.timeout = timeout;
  }

  /**
   * Runs {@code call}; a {@link CacheException} or {@link ConditionalCheckFailedException} it
   * throws passes unchanged.
   *
   * @param operation the store operation, e.g. {@code get}
   * @param cache the cache, or null for storage-wide operations
   * @throws IllegalStateException if the storage is closed
   */
  <T> T run(String operation, String cache, Supplier<T> call) {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
    try {
      return call.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;  // a lost compare-and-set race: the caller retries
    } catch (ResourceNotFoundException e) {
      throw failure(operation, cache, "the table does not exist", e);
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new StoreException("DynamoDB", operation, cache, describe(), "no answer within the "
          + "timeout of " + timeout.toMillis() + " ms (option 'timeout'); is the endpoint up and "
          + "reachable?", true, e);
    } catch (AbortedException e) {
      Thread.currentThread().interrupt();
      throw failure(operation, cache, "interrupted", e);
    } catch (SdkException e) {
      String message = String.valueOf(e.getMessage());
      // the SDK lists every provider of its chain with its own reason: a screenful
      throw failure(operation, cache, message.startsWith("Unable to load credentials")
          ? "no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or "
              + "the aws.accessKeyId / aws.secretAccessKey properties)" : message, e);
    }
  }

  /** Returns an exception for a failed operation, naming where it failed. */
  StoreException failure(String operation, String cache, String detail, Throwable cause) {
    return new StoreException("DynamoDB", operation, cache, describe(), detail, false, cause);
  }

  /** Returns the table and where it is, for messages and logs. */
  String describe() {
    return "table '" + table + "' at " + where;
  }

  /** Refuses every later call. */
  void close() {
    closed = true;
  }
}
