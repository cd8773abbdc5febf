package io.jcachestores.it.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

/**
 * Hibernate ORM with its second-level cache (hibernate-jcache) in the store that
 * {@code jcache-stores.properties} names, and H2; what the two runs of {@code LibraryTest} do.
 */
public final class Library {

  /** The second-level cache settings, exactly as the README's "Hibernate" section shows them. */
  static final Map<String, String> CACHE_SETTINGS = Map.of(
      "hibernate.cache.region.factory_class", "jcache",
      "hibernate.javax.cache.provider", "io.jcachestores.StoreCachingProvider",
      "hibernate.javax.cache.uri", "jcache-stores.properties",
      "hibernate.javax.cache.missing_cache_strategy", "create",
      "hibernate.cache.use_second_level_cache", "true",
      "hibernate.cache.use_query_cache", "true");

  private Library() {}

  /** Opens a session factory on the H2 database {@code jdbcUrl}; {@code schema}: create, none. */
  public static SessionFactory open(String jdbcUrl, String schema) {
    Configuration configuration = new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Novel.class)
        .setProperty("hibernate.connection.url", jdbcUrl)
        .setProperty("hibernate.hbm2ddl.auto", schema)
        .setProperty("hibernate.generate_statistics", "true");
    CACHE_SETTINGS.forEach(configuration::setProperty);
    return configuration.buildSessionFactory();
  }

  /**
   * Stores an author and two novels, then corrects a title: the update goes through the
   * read-write strategy's lock, which is stored too.
   */
  public static void fill(SessionFactory factory) {
    factory.inTransaction(session -> {
      Author leGuin = new Author(1L, "Le Guin");
      session.persist(leGuin);
      session.persist(new Novel(10L, "A Wizard of Earthsea", Genre.FANTASY, leGuin));
      session.persist(new Novel(11L, "The Left Hand", Genre.SCIENCE_FICTION, leGuin));
    });
    factory.inTransaction(session ->
        session.find(Novel.class, 11L).setTitle("The Left Hand of Darkness"));
  }

  /**
   * Reads the author, the author's novels (a collection) and the novels with "Wizard" in their
   * title (a cached query) in one session; returns Hibernate's statistics of just that.
   */
  public static Statistics read(SessionFactory factory) {
    Statistics statistics = factory.getStatistics();
    statistics.clear();
    factory.inSession(session -> {
      Author author = session.find(Author.class, 1L);
      assertEquals("Le Guin", author.getName());
      assertEquals(List.of("A Wizard of Earthsea", "The Left Hand of Darkness"),
          author.getNovels().stream().map(Novel::getTitle).toList());
      // a String parameter: Hibernate's query key holds each parameter's hash code, and an
      // enum's differs from JVM to JVM (such a query is a hit only in the JVM that cached it)
      List<Novel> wizards = session.createSelectionQuery(
              "from Novel where title like :words order by id", Novel.class)
          .setParameter("words", "%Wizard%")
          .setCacheable(true)
          .getResultList();
      assertEquals(List.of("A Wizard of Earthsea"), wizards.stream().map(Novel::getTitle)
          .toList());
    });
    return statistics;
  }

  /** Checks that {@link #read} was served by the second-level cache alone. */
  public static void assertServedFromCache(Statistics statistics) {
    assertEquals(1, statistics.getQueryCacheHitCount(), "the query");
    assertEquals(2, statistics.getEntityStatistics(Novel.class.getName()).getCacheHitCount(),
        "both novels");
    assertEquals(1, statistics.getEntityStatistics(Author.class.getName()).getCacheHitCount(),
        "the author");
    assertEquals(1, statistics.getCollectionStatistics(Author.class.getName() + ".novels")
        .getCacheHitCount(), "the author's novels");
    assertEquals(0, statistics.getPrepareStatementCount(), "no SQL");
  }
}
