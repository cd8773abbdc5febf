package io.jcachestores.it.library;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An author: a cached entity with a cached collection. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {

  @Id
  private Long id;

  private String name;

  @OneToMany(mappedBy = "author")
  @OrderBy("id")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private List<Novel> novels = new ArrayList<>();

  protected Author() {}

  public Author(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public List<Novel> getNovels() {
    return novels;
  }
}
