package io.jcachestores.it.library;

/** The application's own enum: it is in the cached entity state, allowed by {@code allow}. */
public enum Genre {
  FANTASY,
  SCIENCE_FICTION
}
