/**
 * Internal (not API; stores reach the readable forms through {@code io.jcachestores.spi}):
 * turning keys and values into stored bytes and back, treating stored bytes as untrusted:
 * readable encodings, an allowlist for Java deserialization, and HMAC signatures.
 */
package io.jcachestores.codec;
