/**
 * Internal: the JCache layer, written once for every store: caches and their manager, expiry,
 * events, entry processors, statistics and management. Not API: applications use the root
 * package {@code io.jcachestores} (e.g. {@link io.jcachestores.ExpiringCache} rather than
 * {@code StoreCache}); classes here are public only for our other packages.
 */
package io.jcachestores.cache;
