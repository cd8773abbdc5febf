package io.jcachestores.it.books;

import java.io.Serializable;

/** A book: the application's own class, allowed by the configuration file's {@code allow}. */
public record Book(long id, String title, String author, int year) implements Serializable {}
