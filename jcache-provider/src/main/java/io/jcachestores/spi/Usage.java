package io.jcachestores.spi;

/**
 * How much of a store one cache uses: its entries, expired ones not yet deleted included, and the
 * bytes of their keys and values ({@link Budget#sizeOf}). Also what an eviction must free.
 *
 * @param entries how many entries
 * @param bytes how many bytes of keys and values
 */
public record Usage(long entries, long bytes) {

  /** Nothing. */
  public static final Usage NONE = new Usage(0, 0);

  /** Returns whether this is nothing at all. */
  public boolean isNone() {
    return entries <= 0 && bytes <= 0;
  }

  /** Returns this usage less {@code entries} and {@code bytes}. */
  public Usage minus(long entries, long bytes) {
    return new Usage(this.entries - entries, this.bytes - bytes);
  }
}
