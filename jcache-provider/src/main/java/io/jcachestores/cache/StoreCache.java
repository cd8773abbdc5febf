package io.jcachestores.cache;

import io.jcachestores.StoreConfiguration;
import io.jcachestores.codec.Codec;
import io.jcachestores.codec.UndecodableException;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCache {@link Cache} whose entries live in a {@link Store}. All the rules of the
 * specification (expiry, read- and write-through, events, entry processors, statistics) are
 * applied here, once, whatever the store.
 *
 * <p>Every read decides expiry from the stored expiry time; an expired entry is removed when it is
 * found and by the manager's periodic purge. Operations the specification makes atomic
 * ({@code putIfAbsent}, {@code replace}, {@code getAndPut}, {@code remove(k, v)}, {@code invoke}
 * and the others that read before they write) go through {@link Store#compute}, and so stay atomic
 * when several processes share the store. Values are always stored by value.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StoreCache<K, V> implements Cache<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCache.class);
  private static final Duration LOAD_WAIT = Duration.ofSeconds(10);

  private final StoreCacheManager manager;
  private final String name;
  private final StoreConfiguration<K, V> configuration;
  private final Store store;
  private final Codec codec;
  private final Expiry expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final EventDispatcher<K, V> dispatcher;
  private final Statistics statistics = new Statistics();
  private final Management management;
  private final Executor executor;
  /** The {@code loadAll} tasks running in the background, awaited by {@link #close}. */
  private final Set<CompletableFuture<Void>> loads = ConcurrentHashMap.newKeySet();
  private final int pageSize;
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  StoreCache(StoreCacheManager manager, String name, StoreConfiguration<K, V> configuration,
      ExpiryPolicy expiryPolicy, Store store, Codec codec, Executor executor, int pageSize) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.codec = codec;
    this.executor = executor;
    this.pageSize = pageSize;
    this.expiry = new Expiry(expiryPolicy);
    this.loader = configuration.getCacheLoaderFactory() == null
        ? null : (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create();
    this.writer = configuration.getCacheWriterFactory() == null
        ? null : (CacheWriter<K, V>) configuration.getCacheWriterFactory().create();
    this.dispatcher = new EventDispatcher<>(executor);
    for (CacheEntryListenerConfiguration<K, V> c
        : configuration.getCacheEntryListenerConfigurations()) {
      dispatcher.register(c);
    }
    this.management = new Management(configuration);
    setManagementEnabled(configuration.isManagementEnabled());
    try {
      setStatisticsEnabled(configuration.isStatisticsEnabled());
    } catch (RuntimeException e) {
      setManagementEnabled(false);
      throw e;
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    Events events = new Events();
    V value = read(key, codec.encodeKey(key), events);
    events.publish();
    if (value == null) {
      statistics.misses(1);
      value = loadAndStore(key);
    } else {
      statistics.hits(1);
    }
    statistics.gotten(start);
    return value;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys);
    long start = statistics.start();
    Events events = new Events();
    Map<ByteBuffer, K> byBytes = encodeKeys(keys);
    Map<K, V> result = new HashMap<>(keys.size() * 2);
    for (StoreEntry e : store.getAll(keysOf(byBytes))) {
      K key = byBytes.get(ByteBuffer.wrap(e.key()));
      V value = live(key, e, events);
      if (value != null) {
        result.put(key, value);
      }
    }
    events.publish();
    statistics.hits(result.size());
    List<K> missing = new ArrayList<>();
    for (K key : byBytes.values()) {
      if (!result.containsKey(key)) {
        missing.add(key);
      }
    }
    statistics.misses(missing.size());
    if (!missing.isEmpty() && isReadThrough()) {
      Map<K, V> loaded = loadAll(missing);
      for (Map.Entry<K, V> l : loaded.entrySet()) {
        V stored = storeLoaded(l.getKey(), l.getValue());
        if (stored != null) {
          result.put(l.getKey(), stored);
        }
      }
    }
    statistics.gotten(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    StoreEntry e = store.get(codec.encodeKey(key));
    return e != null && !e.isExpiredAt(now());
  }

  /**
   * Reads the live value of {@code key}: applies access expiry to a hit, removes an expired or
   * undecodable entry. Counts nothing.
   */
  private V read(K key, byte[] k, Events events) {
    StoreEntry e = store.get(k);
    return e == null ? null : live(key, e, events);
  }

  /** Returns the value of a stored entry if it is live, updating its access expiry. */
  private V live(K key, StoreEntry e, Events events) {
    long now = now();
    if (e.isExpiredAt(now)) {
      expireIfStill(key, e, events);
      return null;
    }
    V value = decodeOrEvict(key, e);
    if (value != null) {
      touch(e, now);
    }
    return value;
  }

  /** Applies the policy's access expiry to an entry that was just read. */
  private void touch(StoreEntry read, long now) {
    StoreEntry touched = accessed(read, now);
    if (touched != read) {
      store.compute(read.key(), cur -> sameEntry(cur, read) ? touched : cur);
    }
  }

  /** Returns {@code e} with the policy's access expiry applied, or {@code e} if unchanged. */
  private StoreEntry accessed(StoreEntry e, long now) {
    long newExpiry = expiry.forAccess(now, e.expiresAt());
    return newExpiry == e.expiresAt() ? e : e.with(e.value(), newExpiry);
  }

  /** Removes {@code expired} unless it was replaced meanwhile, and raises its EXPIRED event. */
  private void expireIfStill(K key, StoreEntry expired, Events events) {
    store.compute(expired.key(), cur -> sameEntry(cur, expired) ? null : cur);
    events.expired(key, expired);
  }

  private static boolean sameEntry(StoreEntry cur, StoreEntry read) {
    return cur != null && cur.expiresAt() == read.expiresAt()
        && Arrays.equals(cur.value(), read.value());
  }

  /**
   * Decodes a stored value; one that cannot be decoded (corrupt, foreign class, bad signature) is
   * logged, removed and read as a miss.
   */
  private V decodeOrEvict(K key, StoreEntry e) {
    V value = decodeValue(key, e);
    if (value == null) {
      store.compute(e.key(),
          cur -> cur != null && Arrays.equals(cur.value(), e.value()) ? null : cur);
    }
    return value;
  }

  /** Decodes a stored value, or logs and returns null if it cannot be decoded. */
  private V decodeValue(K key, StoreEntry e) {
    try {
      Object value = codec.decodeValue(e.key(), e.value());
      if (!configuration.getValueType().isInstance(value)) {
        throw new UndecodableException("stored value is a " + value.getClass().getName()
            + ", not a " + configuration.getValueType().getName(), null);
      }
      @SuppressWarnings("unchecked")
      V v = (V) value;
      return v;
    } catch (UndecodableException ex) {
      LOG.warn("Cache '{}': stored value for key {} cannot be decoded ({}); removing it",
          name, key, ex.getMessage());
      return null;
    }
  }

  // ---------------------------------------------------------------- read-through

  private boolean isReadThrough() {
    return configuration.isReadThrough() && loader != null;
  }

  /** Loads a missing key through the loader and stores the result; null without read-through. */
  private V loadAndStore(K key) {
    if (!isReadThrough()) {
      return null;
    }
    V loaded = load(key);
    return loaded == null ? null : storeLoaded(key, loaded);
  }

  private V load(K key) {
    try {
      return loader.load(key);
    } catch (RuntimeException e) {
      throw loaderFailure(e);
    }
  }

  private Map<K, V> loadAll(Collection<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (Exception e) {
      throw loaderFailure(e);
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (loaded != null) {
      for (K key : keys) {
        V value = loaded.get(key);
        if (value != null) {
          result.put(key, value);
        }
      }
    }
    return result;
  }

  /** Returns what the loader threw as a {@link CacheLoaderException}, wrapping it if need be. */
  private static CacheLoaderException loaderFailure(Exception e) {
    return e instanceof CacheLoaderException cle
        ? cle : new CacheLoaderException("Exception in CacheLoader", e);
  }

  /**
   * Stores a loaded value unless a live entry appeared meanwhile; returns the value the cache now
   * holds (null if the loaded one expired at once). Loaded values are neither written through
   * nor counted as puts.
   */
  private V storeLoaded(K key, V value) {
    byte[] k = codec.encodeKey(key);
    byte[] v = codec.encodeValue(k, value);
    Attempt a = new Attempt();
    StoreEntry stored = store.compute(k, cur -> {
      a.begin(key, cur, true);
      return a.live != null ? cur : a.create(key, value, k, v, null);
    });
    a.events.publish();
    if (a.live != null) {
      return a.oldValue;
    }
    return stored == null ? null : value;
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    requireOpen();
    requireNoNulls(keys);
    CompletionListener listener = completionListener == null ? NO_LISTENER : completionListener;
    if (loader == null) {
      listener.onCompletion();
      return;
    }
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
      try {
        List<K> toLoad = new ArrayList<>(keys);
        if (!replaceExistingValues) {
          long now = now();
          Map<K, StoreEntry> stored = readAll(toLoad);
          toLoad.removeIf(key -> {
            StoreEntry e = stored.get(key);
            return e != null && !e.isExpiredAt(now);
          });
        }
        Map<K, V> loaded = loadAll(toLoad);
        putAll(loaded, replaceExistingValues, false);
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e);
      }
    }, executor);
    loads.add(load);
    load.whenComplete((ignored, failure) -> loads.remove(load));
  }

  /**
   * Waits (at most {@link #LOAD_WAIT}) for the {@code loadAll} tasks still running, so that
   * closing does not close the loader under them.
   */
  private void awaitLoads() {
    try {
      CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
          .get(LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Cache '{}' closed while a loadAll was still running: {}", name, e.toString());
    }
  }

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };

  // ---------------------------------------------------------------- write-through

  private boolean isWriteThrough() {
    return configuration.isWriteThrough() && writer != null;
  }

  private void writeThrough(K key, V value) {
    if (!isWriteThrough()) {
      return;
    }
    try {
      writer.write(new StoreCacheEntry<>(key, value));
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  private void deleteThrough(K key) {
    if (!isWriteThrough()) {
      return;
    }
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  /** Returns what the writer threw as a {@link CacheWriterException}, wrapping it if need be. */
  private static CacheWriterException writerFailure(Exception e) {
    return e instanceof CacheWriterException cwe
        ? cwe : new CacheWriterException("Exception in CacheWriter", e);
  }

  // ---------------------------------------------------------------- single-key writes

  @Override
  public void put(K key, V value) {
    putAndGet(key, value, false, null);
  }

  /**
   * Puts like {@link #put(Object, Object)}, but the entry expires {@code timeToLive} from now
   * instead of when the expiry policy says; the policy is not consulted.
   *
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if timeToLive is negative
   */
  public void put(K key, V value, Duration timeToLive) {
    Objects.requireNonNull(timeToLive, "timeToLive");
    if (timeToLive.isNegative()) {
      throw new IllegalArgumentException("timeToLive is negative: " + timeToLive);
    }
    putAndGet(key, value, false, timeToLive);
  }

  @Override
  public V getAndPut(K key, V value) {
    return putAndGet(key, value, true, null);
  }

  /**
   * Puts; the expiry is {@code timeToLive} from now, or the policy's if it is null. Without
   * listeners, when the expiry does not depend on the current entry, this is one blind write;
   * otherwise an atomic read-modify-write.
   */
  private V putAndGet(K key, V value, boolean getOld, Duration timeToLive) {
    requireOpen();
    requireTyped(key, value);
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    byte[] v = codec.encodeValue(k, value);
    long now = now();
    long blind = getOld || dispatcher.isActive() ? Long.MIN_VALUE
        : timeToLive == null ? expiry.forBlindWrite(now) : Expiry.after(timeToLive, now);
    if (blind > now) {
      writeThrough(key, value);
      store.put(new StoreEntry(k, v, blind));
      statistics.puts(1, start);
      return null;
    }
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, getOld || dispatcher.isActive());
      writeThrough(key, value);
      StoreEntry next = a.live == null
          ? a.create(key, value, k, v, timeToLive) : a.update(key, value, v, timeToLive);
      a.puts = next == null ? 0 : 1;
      return next;
    });
    if (getOld) {
      a.countRead();
    }
    statistics.puts(a.puts, start);
    a.events.publish();
    return a.oldValue;
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireTyped(key, value);
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    byte[] v = codec.encodeValue(k, value);
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, false);
      if (a.live != null) {
        return cur;
      }
      writeThrough(key, value);
      StoreEntry created = a.create(key, value, k, v, null);
      a.puts = created == null ? 0 : 1;
      return created;
    });
    boolean put = a.puts == 1;
    if (put) {
      statistics.misses(1);
      statistics.puts(1, start);
    } else {
      statistics.hits(1);
    }
    a.events.publish();
    return put;
  }

  @Override
  public boolean remove(K key) {
    return removeLive(key, false).removals == 1;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, true);
      if (a.live == null) {
        return a.unchanged(cur);
      }
      if (!oldValue.equals(a.oldValue)) {
        return accessed(cur, a.now);
      }
      deleteThrough(key);
      a.removals = 1;
      a.events.add(EventType.REMOVED, key, oldValue, oldValue);
      return null;
    });
    a.countRead();
    statistics.gotten(start);
    statistics.removals(a.removals, start);
    a.events.publish();
    return a.removals == 1;
  }

  @Override
  public V getAndRemove(K key) {
    return removeLive(key, true).oldValue;
  }

  /**
   * Deletes through, then removes a live entry; the attempt tells whether it did and the old
   * value. Only {@code getOld} counts as a read.
   */
  private Attempt removeLive(K key, boolean getOld) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, getOld || dispatcher.isActive());
      deleteThrough(key);
      if (a.live == null) {
        return a.unchanged(cur);
      }
      a.removals = 1;
      a.events.add(EventType.REMOVED, key, a.oldValue, a.oldValue);
      return null;
    });
    if (getOld) {
      a.countRead();
      statistics.gotten(start);
    }
    statistics.removals(a.removals, start);
    a.events.publish();
    return a;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    Objects.requireNonNull(oldValue, "oldValue");
    requireTyped(key, newValue);
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    byte[] v = codec.encodeValue(k, newValue);
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, true);
      if (a.live == null) {
        return a.unchanged(cur);
      }
      if (!oldValue.equals(a.oldValue)) {
        return accessed(cur, a.now);
      }
      writeThrough(key, newValue);
      a.puts = 1;
      return a.update(key, newValue, v, null);
    });
    a.countRead();
    statistics.gotten(start);
    statistics.puts(a.puts, start);
    a.events.publish();
    return a.puts == 1;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceLive(key, value, false).puts == 1;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return replaceLive(key, value, true).oldValue;
  }

  /** Replaces the value of a live entry; the attempt tells whether it did and the old value. */
  private Attempt replaceLive(K key, V value, boolean getOld) {
    requireOpen();
    requireTyped(key, value);
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    byte[] v = codec.encodeValue(k, value);
    Attempt a = new Attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, getOld || dispatcher.isActive());
      if (a.live == null) {
        return a.unchanged(cur);
      }
      writeThrough(key, value);
      a.puts = 1;
      return a.update(key, value, v, null);
    });
    a.countRead();
    statistics.gotten(start);
    statistics.puts(a.puts, start);
    a.events.publish();
    return a;
  }

  // ---------------------------------------------------------------- bulk writes

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    putAll(map, true, true);
  }

  /**
   * Puts all entries in one store round trip for the reads (none when the expiry does not depend
   * on them and no listener needs them) and one for the writes. With write-through, only the
   * entries the writer wrote are stored; its failure is rethrown after.
   */
  private void putAll(Map<? extends K, ? extends V> map, boolean replaceExisting,
      boolean useWriteThrough) {
    long start = statistics.start();
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      requireTyped(e.getKey(), e.getValue());
    }
    Map<K, V> toPut = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (useWriteThrough && isWriteThrough() && !toPut.isEmpty()) {
      failure = writeAllThrough(toPut);
    }
    Events events = new Events();
    Map<ByteBuffer, K> byBytes = encodeKeys(toPut.keySet());
    long now = now();
    long blind = replaceExisting && !events.wanted() ? expiry.forBlindWrite(now) : Long.MIN_VALUE;
    Map<ByteBuffer, StoreEntry> current = new HashMap<>();
    if (blind == Long.MIN_VALUE) {
      for (StoreEntry e : store.getAll(keysOf(byBytes))) {
        current.put(ByteBuffer.wrap(e.key()), e);
      }
    }
    List<StoreEntry> writes = new ArrayList<>(toPut.size());
    for (Map.Entry<ByteBuffer, K> kb : byBytes.entrySet()) {
      K key = kb.getValue();
      V value = toPut.get(key);
      byte[] k = kb.getKey().array();
      StoreEntry cur = current.get(kb.getKey());
      if (blind != Long.MIN_VALUE) {
        writes.add(new StoreEntry(k, codec.encodeValue(k, value), blind));
      } else if (cur == null || cur.isExpiredAt(now)) {
        if (cur != null) {
          events.expired(key, cur);
        }
        long expiresAt = expiry.forCreation(now);
        if (expiresAt <= now) {
          events.add(EventType.EXPIRED, key, value, value);
          continue;
        }
        writes.add(new StoreEntry(k, codec.encodeValue(k, value), expiresAt));
        events.add(EventType.CREATED, key, value, null);
      } else if (replaceExisting) {
        V old = events.wanted() ? decodeValue(key, cur) : null;
        writes.add(cur.with(codec.encodeValue(k, value), expiry.forUpdate(now, cur.expiresAt())));
        events.add(EventType.UPDATED, key, value, old);
      }
    }
    store.putAll(writes);
    if (useWriteThrough) {
      statistics.puts(writes.size(), start);
    }
    events.publish();
    if (failure != null) {
      throw failure;
    }
  }

  /** Writes through; removes from {@code toPut} what the writer did not write. */
  private CacheWriterException writeAllThrough(Map<K, V> toPut) {
    List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toPut.size());
    toPut.forEach((k, v) -> entries.add(new StoreCacheEntry<>(k, v)));
    try {
      writer.writeAll(entries);
      return null;
    } catch (Exception e) {
      for (Cache.Entry<? extends K, ? extends V> unwritten : entries) {
        toPut.remove(unwritten.getKey());
      }
      return writerFailure(e);
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys);
    removeKeys(keys, null);
  }

  @Override
  public void removeAll() {
    requireOpen();
    Map<K, StoreEntry> page = new LinkedHashMap<>();
    Iterator<StoreEntry> it = store.iterator(pageSize);
    while (it.hasNext()) {
      StoreEntry e = it.next();
      K key = decodeKey(e);
      if (key != null) {
        page.put(key, e);
      }
      if (page.size() == pageSize) {
        removeKeys(page.keySet(), page);
        page = new LinkedHashMap<>();
      }
    }
    removeKeys(page.keySet(), page);
  }

  /**
   * Removes {@code keys} (deleting through first) in one delete round trip. {@code stored} holds
   * their stored entries when the caller has just read them; null reads them (one round trip).
   */
  private void removeKeys(Set<? extends K> keys, Map<K, StoreEntry> stored) {
    if (keys.isEmpty()) {
      return;
    }
    long start = statistics.start();
    CacheWriterException failure = null;
    Set<K> toRemove = new LinkedHashSet<>(keys);
    if (isWriteThrough()) {
      Set<K> unwritten = new LinkedHashSet<>(keys);
      try {
        writer.deleteAll(unwritten);
      } catch (Exception e) {
        toRemove.removeAll(unwritten);
        failure = writerFailure(e);
      }
    }
    Map<K, StoreEntry> current = stored != null ? stored : readAll(toRemove);
    Events events = new Events();
    long removed = 0;
    List<byte[]> present = new ArrayList<>();
    long now = now();
    for (K key : toRemove) {
      StoreEntry e = current.get(key);
      if (e == null) {
        continue;
      }
      present.add(e.key());
      if (e.isExpiredAt(now)) {
        events.expired(key, e);
      } else {
        removed++;
        if (events.wanted()) {
          V value = decodeValue(key, e);
          events.add(EventType.REMOVED, key, value, value);
        }
      }
    }
    store.removeAll(present);
    statistics.removals(removed, start);
    events.publish();
    if (failure != null) {
      throw failure;
    }
  }

  /** Returns the stored entries of {@code keys}, expired ones included, in one round trip. */
  private Map<K, StoreEntry> readAll(Collection<K> keys) {
    Map<ByteBuffer, K> byBytes = encodeKeys(keys);
    Map<K, StoreEntry> stored = new HashMap<>(keys.size() * 2);
    for (StoreEntry e : store.getAll(keysOf(byBytes))) {
      stored.put(byBytes.get(ByteBuffer.wrap(e.key())), e);
    }
    return stored;
  }

  @Override
  public void clear() {
    requireOpen();
    store.clear();
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    long start = statistics.start();
    byte[] k = codec.encodeKey(key);
    Attempt a = new Attempt();
    Object[] result = new Object[1];
    store.compute(k, cur -> {
      a.begin(key, cur, true);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, a.live != null, a.oldValue,
          isReadThrough() ? this::load : null);
      result[0] = process(entryProcessor, entry, arguments);
      return apply(a, entry, k, cur);
    });
    a.countRead();
    statistics.gotten(start);
    statistics.puts(a.puts, start);
    statistics.removals(a.removals, start);
    a.events.publish();
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  private static <K, V, T> T process(EntryProcessor<K, V, T> processor,
      ProcessorEntry<K, V> entry, Object... arguments) {
    try {
      return processor.process(entry, arguments);
    } catch (CacheException e) {
      throw e;
    } catch (Exception e) {
      throw new EntryProcessorException(e);
    }
  }

  /** Turns what an entry processor did into the entry to store. */
  private StoreEntry apply(Attempt a, ProcessorEntry<K, V> entry, byte[] k, StoreEntry cur) {
    K key = entry.getKey();
    V value = entry.value();
    switch (entry.operation()) {
      case ACCESS:
        return accessed(cur, a.now);
      case CREATE:
        writeThrough(key, value);
        StoreEntry created = a.create(key, value, k, codec.encodeValue(k, value),
            entry.timeToLive());
        a.puts = created == null ? 0 : 1;
        return created;
      case LOAD:
        return a.create(key, value, k, codec.encodeValue(k, value), entry.timeToLive());
      case UPDATE:
        writeThrough(key, value);
        a.puts = 1;
        return a.update(key, value, codec.encodeValue(k, value), entry.timeToLive());
      case REMOVE:
        deleteThrough(key);
        a.removals = 1;
        a.events.add(EventType.REMOVED, key, a.oldValue, a.oldValue);
        return null;
      default:
        return a.unchanged(cur);
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireNoNulls(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T t = invoke(key, entryProcessor, arguments);
        if (t != null) {
          results.put(key, () -> t);
        }
      } catch (CacheException e) {
        results.put(key, () -> {
          throw e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
        });
      } catch (RuntimeException e) {
        results.put(key, () -> {
          throw new EntryProcessorException(e);
        });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- iteration

  /**
   * Returns how many entries the store holds for this cache, expired ones not yet purged
   * included, when the store counts them without reading them all (SQLite, MongoDB); empty when
   * counting costs a full scan (DynamoDB). An estimate for progress reports: iteration, which
   * skips expired entries, may yield fewer.
   */
  public OptionalLong storedCount() {
    requireOpen();
    return store.count();
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator();
  }

  /** Reads the store page by page; skips expired and undecodable entries. */
  private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
    private final Iterator<StoreEntry> pages = store.iterator(pageSize);
    private StoreCacheEntry<K, V> next;
    private StoreCacheEntry<K, V> last;
    private byte[] nextKey;
    private byte[] lastKey;

    @Override
    public boolean hasNext() {
      while (next == null && pages.hasNext()) {
        StoreEntry e = pages.next();
        long start = statistics.start();
        long now = now();
        if (e.isExpiredAt(now)) {
          continue;
        }
        K key = decodeKey(e);
        V value = key == null ? null : decodeOrEvict(key, e);
        if (value != null) {
          touch(e, now);
          statistics.hits(1);
          statistics.gotten(start);
          next = new StoreCacheEntry<>(key, value);
          nextKey = e.key();
        }
      }
      return next != null;
    }

    @Override
    public Cache.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      lastKey = nextKey;
      next = null;
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException("next() has not been called, or remove() already was");
      }
      requireOpen();
      long start = statistics.start();
      K key = last.getKey();
      V value = last.getValue();
      last = null;
      deleteThrough(key);
      if (store.remove(lastKey)) {
        statistics.removals(1, start);
        Events events = new Events();
        events.add(EventType.REMOVED, key, value, value);
        events.publish();
      }
    }
  }

  /** Decodes a stored key; one that cannot be decoded is logged, removed and skipped. */
  private K decodeKey(StoreEntry e) {
    try {
      Object key = codec.decodeKey(e.key());
      if (!configuration.getKeyType().isInstance(key)) {
        throw new UndecodableException("stored key is a " + key.getClass().getName(), null);
      }
      @SuppressWarnings("unchecked")
      K k = (K) key;
      return k;
    } catch (UndecodableException ex) {
      LOG.warn("Cache '{}': a stored key cannot be decoded ({}); removing its entry", name,
          ex.getMessage());
      store.remove(e.key());
      return null;
    }
  }

  // ---------------------------------------------------------------- listeners and management

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfig) {
    requireOpen();
    Objects.requireNonNull(listenerConfig, "cacheEntryListenerConfiguration");
    dispatcher.register(listenerConfig);
    configuration.addCacheEntryListenerConfiguration(listenerConfig);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfig) {
    requireOpen();
    Objects.requireNonNull(listenerConfig, "cacheEntryListenerConfiguration");
    if (dispatcher.deregister(listenerConfig)) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfig);
    }
  }

  void setStatisticsEnabled(boolean enabled) {
    if (enabled) {
      JmxRegistration.register(statistics, managerUri(), name, JmxRegistration.Kind.STATISTICS);
    } else {
      JmxRegistration.unregister(statistics, managerUri(), name,
          JmxRegistration.Kind.STATISTICS);
    }
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    if (enabled) {
      JmxRegistration.register(management, managerUri(), name,
          JmxRegistration.Kind.CONFIGURATION);
    } else {
      JmxRegistration.unregister(management, managerUri(), name,
          JmxRegistration.Kind.CONFIGURATION);
    }
    configuration.setManagementEnabled(enabled);
  }

  private String managerUri() {
    return manager.getURI().toString();
  }

  // ---------------------------------------------------------------- identity and lifecycle

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("The configuration of cache '" + name + "' is a "
        + StoreConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap cache '" + name + "' to " + clazz);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Closes this cache; its entries stay in the store. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    manager.release(this);
    JmxRegistration.unregister(statistics, managerUri(), name, JmxRegistration.Kind.STATISTICS);
    JmxRegistration.unregister(management, managerUri(), name,
        JmxRegistration.Kind.CONFIGURATION);
    awaitLoads();
    dispatcher.awaitAsynchronous();
    dispatcher.close();
    Closeables.closeQuietly(loader);
    Closeables.closeQuietly(writer);
    Closeables.closeQuietly(expiry.policy());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long now() {
    return System.currentTimeMillis();
  }

  private void requireTyped(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!configuration.getKeyType().isInstance(key)) {
      throw new ClassCastException("Key " + key.getClass().getName() + " is not a "
          + configuration.getKeyType().getName() + " (cache '" + name + "')");
    }
    if (!configuration.getValueType().isInstance(value)) {
      throw new ClassCastException("Value " + value.getClass().getName() + " is not a "
          + configuration.getValueType().getName() + " (cache '" + name + "')");
    }
  }

  private static void requireNoNulls(Collection<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }

  private Map<ByteBuffer, K> encodeKeys(Collection<? extends K> keys) {
    Map<ByteBuffer, K> byBytes = new LinkedHashMap<>(keys.size() * 2);
    for (K key : keys) {
      byBytes.put(ByteBuffer.wrap(codec.encodeKey(key)), key);
    }
    return byBytes;
  }

  private static List<byte[]> keysOf(Map<ByteBuffer, ?> byBytes) {
    List<byte[]> keys = new ArrayList<>(byBytes.size());
    for (ByteBuffer b : byBytes.keySet()) {
      keys.add(b.array());
    }
    return keys;
  }

  /** The events of one operation, built only while a listener is registered. */
  private final class Events {
    private List<CacheEntryEvent<K, V>> list;

    boolean wanted() {
      return dispatcher.isActive();
    }

    void add(EventType type, K key, V value, V oldValue) {
      if (!wanted()) {
        return;
      }
      if (list == null) {
        list = new ArrayList<>(2);
      }
      list.add(new StoreCacheEntryEvent<>(StoreCache.this, type, key, value, oldValue));
    }

    /** Adds the EXPIRED event of a stored entry found expired. */
    void expired(K key, StoreEntry e) {
      if (wanted()) {
        V value = decodeValue(key, e);
        if (value != null) {
          add(EventType.EXPIRED, key, value, value);
        }
      }
    }

    void clear() {
      list = null;
    }

    void publish() {
      dispatcher.publish(list);
    }
  }

  /**
   * What one attempt of an atomic operation saw and decided. An optimistic store may run the
   * remapping again; {@link #begin} forgets the previous attempt.
   */
  private final class Attempt {
    final Events events = new Events();
    long now;
    StoreEntry live;
    V oldValue;
    int puts;
    int removals;
    private StoreEntry seen;

    /** Looks at {@code cur}: an expired entry raises EXPIRED; an undecodable one is dropped. */
    void begin(K key, StoreEntry cur, boolean decode) {
      events.clear();
      puts = 0;
      removals = 0;
      now = now();
      seen = cur;
      live = null;
      oldValue = null;
      if (cur == null) {
        return;
      }
      if (cur.isExpiredAt(now)) {
        events.expired(key, cur);
        return;
      }
      if (decode) {
        oldValue = decodeValue(key, cur);
        if (oldValue == null) {
          return;
        }
      }
      live = cur;
    }

    /**
     * Returns the entry to create for {@code key}, expiring {@code timeToLive} from now or when
     * the policy says; or null, raising EXPIRED, if it would expire at once.
     */
    StoreEntry create(K key, V value, byte[] k, byte[] v, Duration timeToLive) {
      long expiresAt = timeToLive == null ? expiry.forCreation(now) : Expiry.after(timeToLive, now);
      if (expiresAt <= now) {
        events.add(EventType.EXPIRED, key, value, value);
        return null;
      }
      events.add(EventType.CREATED, key, value, null);
      return new StoreEntry(k, v, expiresAt);
    }

    /** Returns the live entry updated to {@code value}, raising UPDATED. */
    StoreEntry update(K key, V value, byte[] v, Duration timeToLive) {
      events.add(EventType.UPDATED, key, value, oldValue);
      return live.with(v, timeToLive == null
          ? expiry.forUpdate(now, live.expiresAt()) : Expiry.after(timeToLive, now));
    }

    /** The result that changes nothing, except that an expired or undecodable entry goes. */
    StoreEntry unchanged(StoreEntry cur) {
      return live == null && seen != null ? null : cur;
    }

    /** Counts the read part of the operation as a hit or a miss. */
    void countRead() {
      if (live != null) {
        statistics.hits(1);
      } else {
        statistics.misses(1);
      }
    }
  }
}
