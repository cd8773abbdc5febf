/**
 * The public API of jcache-stores: the JCache provider ({@link io.jcachestores.StoreCachingProvider}),
 * the per-cache configuration ({@link io.jcachestores.StoreConfiguration}) and what our caches
 * offer beyond JCache ({@link io.jcachestores.ExpiringCache}, {@link io.jcachestores.ExpiringEntry}).
 *
 * <p>Which packages are API: this one, for applications; {@code io.jcachestores.spi}, for
 * whoever writes a store; and, in the store packages, only the {@code *StoreFactory} classes
 * (which document the options) and {@code MongoStoreOptions}. {@code io.jcachestores.cache} (the
 * JCache layer) and {@code io.jcachestores.codec} are internal: their public classes are public
 * only for our other packages and may change in any release. There is no {@code module-info}
 * (the optional drivers and the frameworks our users run are on the class path); the layering is
 * checked by tests instead ({@code PackageBoundariesTest}, and the HTTP adapter's
 * {@code PublicApiOnlyTest}, which allows it this package only).
 */
package io.jcachestores;
