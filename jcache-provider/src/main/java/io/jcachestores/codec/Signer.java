package io.jcachestores.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs stored values with HMAC-SHA256 over the encoded key and value, so that a value written by
 * anyone without the secret key is detected before it is decoded.
 *
 * <p>The MAC key is derived from the secret key and a salt (HMAC-SHA256 of the secret, keyed by
 * the salt), so that one secret can serve several purposes without its MACs being interchangeable.
 */
public final class Signer {

  /** The length of a signature in bytes. */
  public static final int LENGTH = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec macKey;

  private Signer(SecretKeySpec macKey) {
    this.macKey = macKey;
  }

  /**
   * Returns a signer for {@code secretKey} and {@code salt}.
   *
   * @throws IllegalArgumentException if the secret key is empty
   */
  public static Signer of(String secretKey, String salt) {
    if (secretKey == null || secretKey.isEmpty()) {
      throw new IllegalArgumentException("The secret key must not be empty");
    }
    try {
      Mac derive = Mac.getInstance(ALGORITHM);
      derive.init(new SecretKeySpec(
          ("jcache-stores:" + salt).getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] key = derive.doFinal(secretKey.getBytes(StandardCharsets.UTF_8));
      return new Signer(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Returns the signature of {@code value} stored under {@code key}. */
  byte[] sign(byte[] key, byte[] value, int valueOffset) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(macKey);
      mac.update(new byte[] {
          (byte) (key.length >>> 24), (byte) (key.length >>> 16),
          (byte) (key.length >>> 8), (byte) key.length});
      mac.update(key);
      mac.update(value, valueOffset, value.length - valueOffset);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 failed", e);
    }
  }

  /** Returns whether {@code signature} is the signature of {@code value} under {@code key}. */
  boolean verify(byte[] key, byte[] signature, byte[] value, int valueOffset) {
    return MessageDigest.isEqual(signature, sign(key, value, valueOffset));
  }
}
