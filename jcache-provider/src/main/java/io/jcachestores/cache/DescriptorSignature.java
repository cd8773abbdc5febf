package io.jcachestores.cache;

import io.jcachestores.codec.Signer;

/**
 * Signs a cache's stored descriptor when the manager has a secret key, so that a later
 * {@code getCache(name)} can tell a descriptor this application wrote from one someone else wrote.
 *
 * <p>A signed descriptor is the descriptor's text followed by one last line
 * {@code signature=<Base64 HMAC-SHA256>} over the cache's name and that text (see
 * {@link Signer#signDescriptor}). The line is a property like any other, so a descriptor reads
 * the same signed or not; only {@link #isValid} looks at it.
 */
final class DescriptorSignature {

  private static final String LINE = "signature=";

  private DescriptorSignature() {}

  /** Returns {@code descriptor} with its signature appended, or as it is without a signer. */
  static String sign(Signer signer, String cacheName, String descriptor) {
    if (signer == null) {
      return descriptor;
    }
    String text = descriptor.endsWith("\n") ? descriptor : descriptor + "\n";
    return text + LINE + signer.signDescriptor(cacheName, text) + "\n";
  }

  /** Returns whether {@code stored} carries a valid signature of {@code signer} for the cache. */
  static boolean isValid(Signer signer, String cacheName, String stored) {
    if (signer == null) {
      return false;
    }
    int line = stored.lastIndexOf("\n" + LINE);
    if (line < 0) {
      return false;
    }
    String text = stored.substring(0, line + 1);
    String signature = stored.substring(line + 1 + LINE.length()).strip();
    return signer.verifyDescriptor(signature, cacheName, text);
  }
}
