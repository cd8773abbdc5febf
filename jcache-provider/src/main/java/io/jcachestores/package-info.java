/**
 * The JCache provider of jcache-stores ({@link io.jcachestores.StoreCachingProvider}) and its
 * per-cache configuration ({@link io.jcachestores.StoreConfiguration}).
 */
package io.jcachestores;
