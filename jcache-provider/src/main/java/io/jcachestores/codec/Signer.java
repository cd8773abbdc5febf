package io.jcachestores.codec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what a cache stores with HMAC-SHA256, so that anything written by someone without the
 * secret key is detected before it is decoded.
 *
 * <p>A value's signature covers the cache's name, the encoded key and the encoded value: a signed
 * value copied to another key, or to the same key of another cache, no longer verifies. It does
 * not cover the expiry time, which access-based expiry policies change on reads without
 * rewriting the value. A cache descriptor's signature covers the cache's name and the descriptor.
 * Every part is length-prefixed and the first part says what is signed, so that no two different
 * inputs share a MAC. (Values signed before the cache name was covered no longer verify: they
 * read as misses and are removed.)
 *
 * <p>The MAC key is derived from the secret key and a salt (HMAC-SHA256 of the secret, keyed by
 * the salt), so that one secret can serve several purposes without its MACs being interchangeable.
 */
public final class Signer {

  /** The length of a signature in bytes. */
  public static final int LENGTH = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] VALUE = {'v'};
  private static final byte[] DESCRIPTOR = {'d'};

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
          Wtf8.encode("jcache-stores:" + salt), ALGORITHM));
      byte[] key = derive.doFinal(Wtf8.encode(secretKey));
      return new Signer(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Returns the signature of {@code value} stored under {@code key} in cache {@code cache}. */
  byte[] signValue(String cache, byte[] key, byte[] value) {
    return mac(VALUE, Wtf8.encode(cache), key, value);
  }

  /** Returns whether {@code signature} is the signature of {@link #signValue}'s arguments. */
  boolean verifyValue(byte[] signature, String cache, byte[] key, byte[] value) {
    return MessageDigest.isEqual(signature, signValue(cache, key, value));
  }

  /** Returns the signature of cache {@code cache}'s descriptor, as Base64 text. */
  public String signDescriptor(String cache, String descriptor) {
    return Base64.getEncoder().encodeToString(descriptorMac(cache, descriptor));
  }

  /** Returns whether {@code signature} is {@link #signDescriptor}'s result for the arguments. */
  public boolean verifyDescriptor(String signature, String cache, String descriptor) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, descriptorMac(cache, descriptor));
  }

  private byte[] descriptorMac(String cache, String descriptor) {
    return mac(DESCRIPTOR, Wtf8.encode(cache), Wtf8.encode(descriptor));
  }

  private byte[] mac(byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(macKey);
      for (byte[] part : parts) {
        mac.update(ByteBuffer.allocate(4).putInt(part.length).array());
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 failed", e);
    }
  }
}
