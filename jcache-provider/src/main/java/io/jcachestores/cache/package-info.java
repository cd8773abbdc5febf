/**
 * The JCache layer, written once for every store: caches and their manager, expiry, events,
 * entry processors, statistics and management.
 */
package io.jcachestores.cache;
