package io.jcachestores.it.books;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * What the two runs of {@link BooksApplication} do: the first fills the caches through every
 * kind of cache annotation and key; the second, in another JVM, must be served from the store.
 * Each checks its results and the actuator's {@code cache.gets} meters, and returns how often a
 * method body ran.
 */
public final class BooksScenario {

  static final Book SOWER = new Book(4, "Parable of the Sower", "Butler", 1993);

  private BooksScenario() {}

  /** Fills the caches; returns the method bodies run: 7. */
  public static int firstRun(ApplicationContext context) {
    BookService books = context.getBean(BookService.class);
    for (int i = 0; i < 2; i++) {
      assertEquals(3, books.titles().size());
      assertEquals("A Wizard of Earthsea", books.find(1).title());
      assertNull(books.find(404), "a null result, cached as Spring's NullValue");
      assertEquals(List.of(2L), books.byAuthorSince("Le Guin", 1969).stream()
          .map(Book::id).toList());
    }
    books.save(SOWER);
    assertEquals(SOWER, books.find(4));
    assertEquals("Kindred", books.find(3).title());
    books.remove(3);

    assertEquals(3, gets(context, "books", "hit"), "find(1), find(404) and find(4)");
    assertEquals(3, gets(context, "books", "miss"), "find(1), find(404) and find(3)");
    assertEquals(1, gets(context, "catalog", "hit"));
    return books.calls();
  }

  /** Reads what the first run cached; returns the method bodies run: 1, find(3) evicted. */
  public static int secondRun(ApplicationContext context) {
    BookService books = context.getBean(BookService.class);
    assertEquals(3, books.titles().size());
    assertEquals("A Wizard of Earthsea", books.find(1).title());
    assertNull(books.find(404));
    assertEquals(List.of(2L), books.byAuthorSince("Le Guin", 1969).stream()
        .map(Book::id).toList());
    assertEquals(SOWER, books.find(4), "put by the first JVM; not on this JVM's shelf");
    assertEquals(0, books.calls(), "everything so far came from the store");
    assertEquals("Kindred", books.find(3).title(), "evicted by the first JVM: the body runs");

    assertEquals(3, gets(context, "books", "hit"));
    assertEquals(1, gets(context, "books", "miss"));
    assertEquals(1, gets(context, "catalog", "hit"));
    assertEquals(1, gets(context, "search", "hit"));
    return books.calls();
  }

  /** Reads the actuator's {@code cache.gets} meter of a cache. */
  private static double gets(ApplicationContext context, String cache, String result) {
    return context.getBean(MeterRegistry.class).get("cache.gets")
        .tag("cache", cache).tag("result", result).functionCounter().count();
  }
}
