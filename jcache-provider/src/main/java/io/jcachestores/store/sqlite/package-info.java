/** The SQLite store, the embedded default: {@code sqlite:} URIs. */
package io.jcachestores.store.sqlite;
