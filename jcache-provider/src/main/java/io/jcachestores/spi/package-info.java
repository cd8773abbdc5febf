/**
 * The store SPI: what a store implements to hold caches ({@link io.jcachestores.spi.StoreFactory},
 * {@link io.jcachestores.spi.Storage}, {@link io.jcachestores.spi.Store}). Stores see bytes and
 * expiry times only; every JCache rule lives above them, in {@code io.jcachestores.cache}.
 */
package io.jcachestores.spi;
