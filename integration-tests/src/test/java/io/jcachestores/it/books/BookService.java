package io.jcachestores.it.books;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A slow book catalogue behind Spring's cache annotations; {@link #calls()} counts how often a
 * method body ran, that is how often the cache did not answer.
 */
@Service
public class BookService {

  private final Map<Long, Book> shelf = new ConcurrentHashMap<>(Map.of(
      1L, new Book(1, "A Wizard of Earthsea", "Le Guin", 1968),
      2L, new Book(2, "The Left Hand of Darkness", "Le Guin", 1969),
      3L, new Book(3, "Kindred", "Butler", 1979)));
  private final AtomicInteger calls = new AtomicInteger();

  /** One parameter: the key is the id itself. A missing book is a cached null. */
  @Cacheable("books")
  public Book find(long id) {
    calls.incrementAndGet();
    return shelf.get(id);
  }

  /**
   * No parameter: the key is Spring's {@code SimpleKey.EMPTY}. Synchronized: Spring loads the
   * value through the cache's {@code invoke}.
   */
  @Cacheable(cacheNames = "catalog", sync = true)
  public List<String> titles() {
    calls.incrementAndGet();
    return shelf.values().stream().map(Book::title).sorted().toList();
  }

  /** Two parameters: the key is a {@code SimpleKey} of both. */
  @Cacheable("search")
  public List<Book> byAuthorSince(String author, int year) {
    calls.incrementAndGet();
    return shelf.values().stream()
        .filter(b -> b.author().equals(author) && b.year() >= year)
        .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
  }

  /** Stores a book and puts it in the cache, so that the next {@link #find} is a hit. */
  @CachePut(cacheNames = "books", key = "#book.id()")
  public Book save(Book book) {
    calls.incrementAndGet();
    shelf.put(book.id(), book);
    return book;
  }

  /** Removes a book from the catalogue and from the cache. */
  @CacheEvict("books")
  public void remove(long id) {
    calls.incrementAndGet();
    shelf.remove(id);
  }

  /** Returns how many times a method body ran. */
  public int calls() {
    return calls.get();
  }
}
