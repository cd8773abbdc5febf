package io.jcachestores.it.library;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A novel: a cached entity whose state holds the application's enum and a reference. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Novel {

  @Id
  private Long id;

  private String title;

  @Enumerated(EnumType.STRING)
  private Genre genre;

  @ManyToOne(fetch = FetchType.LAZY)
  private Author author;

  protected Novel() {}

  public Novel(Long id, String title, Genre genre, Author author) {
    this.id = id;
    this.title = title;
    this.genre = genre;
    this.author = author;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }
}
