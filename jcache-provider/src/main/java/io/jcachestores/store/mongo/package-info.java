/**
 * The MongoDB store: {@code mongodb:} and {@code mongodb+srv:} URIs (see
 * {@link io.jcachestores.store.mongo.MongoStoreFactory} for the options, and
 * {@link io.jcachestores.store.mongo.MongoStoreOptions} to hand in an application's own client).
 * Needs {@code org.mongodb:mongodb-driver-sync}, an optional dependency.
 */
package io.jcachestores.store.mongo;
