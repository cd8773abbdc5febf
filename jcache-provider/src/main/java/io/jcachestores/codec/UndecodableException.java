package io.jcachestores.codec;

/**
 * Stored bytes that cannot be turned back into an object: corrupt, of a class outside the
 * allowlist, or failing signature verification. The cache treats such an entry as a miss.
 */
public final class UndecodableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message saying what is wrong, and its cause if any. */
  public UndecodableException(String message, Throwable cause) {
    super(message, cause);
  }
}
