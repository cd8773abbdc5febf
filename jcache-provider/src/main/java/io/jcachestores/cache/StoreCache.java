package io.jcachestores.cache;

import io.jcachestores.AsyncKeyValueCache;
import io.jcachestores.ExpiringEntry;
import io.jcachestores.KeyValueCache;
import io.jcachestores.Serializer;
import io.jcachestores.StoreConfiguration;
import io.jcachestores.VersionedCache;
import io.jcachestores.codec.Codec;
import io.jcachestores.spi.Budget;
import io.jcachestores.spi.Increment;
import io.jcachestores.spi.ReadableForm;
import io.jcachestores.spi.Store;
import io.jcachestores.spi.StoreEntry;
import io.jcachestores.spi.Usage;
import java.nio.ByteBuffer;
import java.time.Clock;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in a {@link Store}. All the rules of the
 * specification (expiry, read- and write-through, events, entry processors, statistics) are
 * applied here and in the classes it is made of, once, whatever the store: {@link Expiry} (when
 * entries expire), {@link Attempt} (what an atomic operation decides, and its {@link Events}),
 * {@link ReadWriteThrough} (the loader and writer), {@link EntryCodec} (keys and values as bytes)
 * and {@link EntryIterator}.
 *
 * <p>Every read decides expiry from the stored expiry time; an expired entry is removed when it is
 * found and by the manager's periodic purge. Operations the specification makes atomic
 * ({@code putIfAbsent}, {@code replace}, {@code getAndPut}, {@code remove(k, v)}, {@code invoke}
 * and the others that read before they write) go through {@link Store#compute}, and so stay atomic
 * when several processes share the store. Values are always stored by value. Time is the
 * manager's clock.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StoreCache<K, V> implements KeyValueCache<K, V> {

  private static final Duration LOAD_WAIT = Duration.ofSeconds(10);

  private final StoreCacheManager manager;
  private final String name;
  private final StoreConfiguration<K, V> configuration;
  private final Store store;
  private final EntryCodec<K, V> entries;
  private final Expiry expiry;
  private final ReadWriteThrough<K, V> through;
  private final EventDispatcher<K, V> dispatcher;
  private final Statistics statistics;
  private final Budget budget;
  private final Management management;
  private final Executor executor;
  private final BackgroundLoads loads;
  /** The {@link #getOrCompute} loaders running in this process, by key. */
  private final SingleFlight<K, V> computing = new SingleFlight<>();
  private final int pageSize;
  private final Clock clock;
  private volatile boolean closed;

  StoreCache(StoreCacheManager manager, String name, StoreConfiguration<K, V> configuration,
      ExpiryPolicy expiryPolicy, Store store, Codec codec, Serializer<V> serializer,
      Executor executor, int pageSize, Clock clock, Budget budget, Statistics statistics) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.budget = budget;
    this.statistics = statistics;
    this.entries = new EntryCodec<>(name, codec, configuration.getKeyType(),
        configuration.getValueType(), serializer);
    this.executor = executor;
    this.loads = new BackgroundLoads(name);
    this.pageSize = pageSize;
    this.clock = clock;
    this.expiry = new Expiry(expiryPolicy);
    this.through = new ReadWriteThrough<>(configuration);
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
    return get(key, false);
  }

  @Override
  public V getShared(K key) {
    return get(key, true);
  }

  /** Gets the value of {@code key}; {@code shared} as for {@link #getShared}. */
  private V get(K key, boolean shared) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    Events<K, V> events = events();
    StoreEntry e = store.get(entries.encodeKey(key));
    V value = e == null ? null : live(key, e, events, shared);
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
    Events<K, V> events = events();
    Map<ByteBuffer, K> byBytes = entries.encodeKeys(keys);
    Map<K, V> result = new HashMap<>(keys.size() * 2);
    for (StoreEntry e : store.getAll(EntryCodec.bytesOf(byBytes))) {
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
    if (!missing.isEmpty() && through.isReadThrough()) {
      for (Map.Entry<K, V> l : through.loadAll(missing).entrySet()) {
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
    StoreEntry e = store.get(entries.encodeKey(key));
    return e != null && !e.isExpiredAt(now());
  }

  /**
   * Returns the value of a stored entry if it is live, applying access expiry; an expired entry
   * is removed (raising EXPIRED) and an undecodable one removed, both read as null. Counts
   * nothing.
   */
  private V live(K key, StoreEntry e, Events<K, V> events) {
    return live(key, e, events, false);
  }

  /** Returns the value like {@link #live(Object, StoreEntry, Events)}, shared if allowed. */
  private V live(K key, StoreEntry e, Events<K, V> events, boolean shared) {
    long now = now();
    if (e.isExpiredAt(now)) {
      replaceIfUnchanged(e, null);
      events.expired(key, e);
      return null;
    }
    V value = entries.decodeValue(key, e, shared);
    if (value == null) {
      replaceIfUnchanged(e, null);
      return null;
    }
    StoreEntry touched = expiry.accessed(e, now);
    if (touched != e) {
      replaceIfUnchanged(e, touched);
    }
    return value;
  }

  /**
   * Stores {@code next} (null: removes the entry) in place of the entry read as {@code read},
   * unless another write changed it meanwhile.
   */
  private void replaceIfUnchanged(StoreEntry read, StoreEntry next) {
    store.compute(read.key(), cur -> cur != null && cur.expiresAt() == read.expiresAt()
        && Arrays.equals(cur.value(), read.value()) ? next : cur);
  }

  /**
   * Returns the entry the iterator gives for a stored entry, or null if it is expired (removed,
   * raising EXPIRED, as a read does) or cannot be decoded (removed). Counts a hit.
   */
  StoreCacheEntry<K, V> iterated(StoreEntry e) {
    long start = statistics.start();
    K key = entries.decodeKey(e);
    if (key == null) {
      store.remove(e.key());
      return null;
    }
    Events<K, V> events = events();
    V value = live(key, e, events);
    events.publish();
    if (value == null) {
      return null;
    }
    statistics.hits(1);
    statistics.gotten(start);
    return new StoreCacheEntry<>(key, value);
  }

  /** Removes an entry the iterator returned, stored under {@code k}: deletes through first. */
  void removeIterated(K key, V value, byte[] k) {
    requireOpen();
    long start = statistics.start();
    through.delete(key);
    if (store.remove(k)) {
      statistics.removals(1, start);
      Events<K, V> events = events();
      events.add(EventType.REMOVED, key, value, value);
      events.publish();
    }
  }

  // ---------------------------------------------------------------- read-through

  /** Loads a missing key through the loader and stores the result; null without read-through. */
  private V loadAndStore(K key) {
    if (!through.isReadThrough()) {
      return null;
    }
    V loaded = through.load(key);
    return loaded == null ? null : storeLoaded(key, loaded);
  }

  /**
   * Stores a loaded value unless a live entry appeared meanwhile; returns the value the cache now
   * holds (null if the loaded one expired at once). Loaded values are neither written through
   * nor counted as puts.
   */
  private V storeLoaded(K key, V value) {
    byte[] k = entries.encodeKey(key);
    byte[] v = entries.encodeValue(k, value);
    Attempt<K, V> a = attempt();
    StoreEntry stored = store.compute(k, cur -> {
      a.begin(key, cur, true);
      return a.hit() ? cur : a.write(key, value, k, v, null);
    });
    a.events.publish();
    if (a.hit()) {
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
    if (!through.canLoad()) {
      listener.onCompletion();
      return;
    }
    loads.start(() -> {
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
        putAll(through.loadAll(toLoad), replaceExistingValues, false, null);
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e);
      }
    }, executor);
  }

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };

  // ---------------------------------------------------------------- single-key writes

  @Override
  public void put(K key, V value) {
    putAndGet(key, value, false, null);
  }

  @Override
  public void put(K key, V value, Duration timeToLive) {
    putAndGet(key, value, false, Expiry.requireTimeToLive(timeToLive));
  }

  /** Runs as an entry processor, so that it follows invoke's rules (events, statistics). */
  @Override
  public boolean compareAndSet(K key, V expected, V replacement, Duration timeToLive) {
    if (timeToLive != null) {
      Expiry.requireTimeToLive(timeToLive);
    }
    return invoke(key, (entry, arguments) -> {
      V current = entry.exists() ? entry.getValue() : null;
      if (!SameContent.test(current, expected)) {
        return false;
      }
      if (replacement == null) {
        if (current != null) {
          entry.remove();
        }
      } else if (timeToLive == null) {
        entry.setValue(replacement);
      } else {
        @SuppressWarnings("unchecked")
        ExpiringEntry<K, V> expiring = entry.unwrap(ExpiringEntry.class);
        expiring.setValue(replacement, timeToLive);
      }
      return true;
    });
  }

  @Override
  public V getAndPut(K key, V value) {
    return putAndGet(key, value, true, null);
  }

  /**
   * Puts; the expiry is {@code timeToLive} from now, or the policy's if it is null. A blind
   * write when {@link #blindExpiry} allows one; otherwise an atomic read-modify-write.
   */
  private V putAndGet(K key, V value, boolean getOld, Duration timeToLive) {
    requireOpen();
    entries.requireTyped(key, value);
    long start = statistics.start();
    byte[] k = entries.encodeKey(key);
    byte[] v = entries.encodeValue(k, value);
    long blind = blindExpiry(getOld, timeToLive);
    if (blind != Long.MIN_VALUE) {
      through.write(key, value);
      store.put(new StoreEntry(k, v, blind));
      statistics.puts(1, start);
      return null;
    }
    Attempt<K, V> a = attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, getOld || a.events.wanted());
      through.write(key, value);
      return a.put(key, value, k, v, timeToLive);
    });
    finish(a, start, getOld);
    return a.oldValue;
  }

  /**
   * Returns the expiry time of a write that need not read the entry first, or
   * {@link Long#MIN_VALUE} if it must read it: to return or compare the old value
   * ({@code needsOld}), for a listener, or because the expiry depends on it
   * ({@link Expiry#forBlindWrite}).
   */
  private long blindExpiry(boolean needsOld, Duration timeToLive) {
    return needsOld || dispatcher.isActive() ? Long.MIN_VALUE
        : expiry.forBlindWrite(now(), timeToLive);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    return putIfAbsent(key, value, null);
  }

  @Override
  public boolean add(K key, V value, Duration timeToLive) {
    return putIfAbsent(key, value, optionalTimeToLive(timeToLive));
  }

  private boolean putIfAbsent(K key, V value, Duration timeToLive) {
    requireOpen();
    long start = statistics.start();
    Attempt<K, V> a = putIfNotLive(key, value, timeToLive, false);
    boolean put = a.puts == 1;
    if (put) {
      statistics.misses(1);
    } else {
      statistics.hits(1);
    }
    finish(a, start, false);
    return put;
  }

  /**
   * Stores {@code value} (writing it through) unless {@code key} has a live entry, in one atomic
   * step; with {@code decode}, the attempt holds the live value found. The caller finishes it.
   */
  private Attempt<K, V> putIfNotLive(K key, V value, Duration timeToLive, boolean decode) {
    entries.requireTyped(key, value);
    byte[] k = entries.encodeKey(key);
    byte[] v = entries.encodeValue(k, value);
    Attempt<K, V> a = attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, decode);
      if (a.hit()) {
        return cur;
      }
      through.write(key, value);
      return a.put(key, value, k, v, timeToLive);
    });
    return a;
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
    Attempt<K, V> a = attempt();
    store.compute(entries.encodeKey(key), cur -> {
      a.begin(key, cur, true);
      if (!a.hit()) {
        return a.unchanged(cur);
      }
      if (!oldValue.equals(a.oldValue)) {
        return a.accessed();
      }
      through.delete(key);
      return a.remove(key);
    });
    finish(a, start, true);
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
  private Attempt<K, V> removeLive(K key, boolean getOld) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    Attempt<K, V> a = attempt();
    store.compute(entries.encodeKey(key), cur -> {
      a.begin(key, cur, getOld || a.events.wanted());
      through.delete(key);
      return a.hit() ? a.remove(key) : a.unchanged(cur);
    });
    finish(a, start, getOld);
    return a;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    Objects.requireNonNull(oldValue, "oldValue");
    return replaceLive(key, newValue, true, oldValue).puts == 1;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceLive(key, value, false, null).puts == 1;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return replaceLive(key, value, true, null).oldValue;
  }

  /**
   * Replaces the value of a live entry (only if it equals {@code expected}, when that is given:
   * otherwise the entry was only read); the attempt tells whether it did and the old value.
   */
  private Attempt<K, V> replaceLive(K key, V value, boolean getOld, V expected) {
    requireOpen();
    entries.requireTyped(key, value);
    long start = statistics.start();
    byte[] k = entries.encodeKey(key);
    byte[] v = entries.encodeValue(k, value);
    Attempt<K, V> a = attempt();
    store.compute(k, cur -> {
      a.begin(key, cur, getOld || a.events.wanted());
      if (!a.hit()) {
        return a.unchanged(cur);
      }
      if (expected != null && !expected.equals(a.oldValue)) {
        return a.accessed();
      }
      through.write(key, value);
      return a.put(key, value, k, v, null);
    });
    finish(a, start, true);
    return a;
  }

  /**
   * Counts what an atomic operation did (with {@code read}, its read as a hit or a miss) and
   * publishes its events.
   */
  private void finish(Attempt<K, V> a, long start, boolean read) {
    if (read) {
      if (a.hit()) {
        statistics.hits(1);
      } else {
        statistics.misses(1);
      }
      statistics.gotten(start);
    }
    statistics.puts(a.puts, start);
    statistics.removals(a.removals, start);
    a.events.publish();
  }

  // ---------------------------------------------------------------- key-value operations

  @Override
  public V getOrCompute(K key, Function<? super K, ? extends V> loader, Duration timeToLive) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    Duration ttl = optionalTimeToLive(timeToLive);
    long start = statistics.start();
    Events<K, V> events = events();
    StoreEntry e = store.get(entries.encodeKey(key));
    V found = e == null ? null : live(key, e, events);
    events.publish();
    if (found != null) {
      statistics.hits(1);
      statistics.gotten(start);
      return found;
    }
    statistics.misses(1);
    statistics.gotten(start);
    return computing.run(key, () -> {
      V value = loader.apply(key);
      return value == null ? null : storeComputed(key, value, ttl);
    });
  }

  /**
   * Stores a computed value unless a live entry appeared meanwhile (atomically, as
   * {@link #putIfAbsent}); returns the value the cache holds.
   */
  private V storeComputed(K key, V value, Duration timeToLive) {
    long start = statistics.start();
    Attempt<K, V> a = putIfNotLive(key, value, timeToLive, true);
    finish(a, start, false);
    return a.hit() ? a.oldValue : value;
  }

  @Override
  public boolean touch(K key, Duration timeToLive) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Expiry.requireTimeToLive(timeToLive);
    long now = now();
    return store.touch(entries.encodeKey(key), now, Expiry.after(timeToLive, now));
  }

  @Override
  public long decrement(K key, long delta) {
    return increment(key, Math.negateExact(delta));
  }

  @Override
  public long increment(K key, long delta) {
    requireOpen();
    try {
      entries.requireTyped(key, valueOf(delta));
    } catch (ClassCastException e) {
      throw new ClassCastException("Cache '" + name + "' cannot count: " + e.getMessage());
    }
    long start = statistics.start();
    byte[] k = entries.encodeKey(key);
    long now = now();
    Increment atomic = nativeIncrement(k, delta, now);
    Increment.Result result = atomic == null ? null : store.increment(k, atomic);
    if (result == null) {
      return incrementByCompute(key, k, delta, start);
    }
    Events<K, V> events = events();
    V sum = valueOf(result.value());
    if (result.created(now)) {
      if (result.before() != null) {
        events.expired(key, result.before());
      }
      events.add(EventType.CREATED, key, sum, null);
    } else {
      events.add(EventType.UPDATED, key, sum, entries.decodeValue(key, result.before()));
    }
    statistics.puts(1, start);
    events.publish();
    return result.value();
  }

  /**
   * Returns the increment the store can apply by itself (see {@link KeyValueCache#increment}
   * for when it cannot), with the expiry times the policy gives a created or updated entry; or
   * null when the cache must decide inside a compute.
   */
  private Increment nativeIncrement(byte[] k, long delta, long now) {
    if (through.isWriteThrough() || !expiry.isStandard()
        || !(ReadableForm.of(entries.encodeValue(k, valueOf(delta))) instanceof Long)) {
      return null;
    }
    long created = expiry.forCreation(now);
    return created <= now ? null
        : new Increment(delta, now, created, expiry.forUpdate(now, Increment.KEEP));
  }

  @SuppressWarnings("unchecked")
  private V valueOf(long n) {
    return (V) Long.valueOf(n);
  }

  /** Increments inside the store's atomic read-modify-write, deciding as {@link #invoke} does. */
  private long incrementByCompute(K key, byte[] k, long delta, long start) {
    Attempt<K, V> a = attempt();
    long[] sum = new long[1];
    store.compute(k, cur -> {
      a.begin(key, cur, true);
      long base = 0;
      if (a.hit()) {
        if (!(a.oldValue instanceof Long l)) {
          throw new ClassCastException("Cache '" + name + "': the value of key " + key + " is a "
              + a.oldValue.getClass().getName() + ", not a Long; increment left it unchanged");
        }
        base = l;
      }
      sum[0] = Math.addExact(base, delta);
      V value = valueOf(sum[0]);
      through.write(key, value);
      return a.put(key, value, k, entries.encodeValue(k, value), null);
    });
    finish(a, start, false);
    return sum[0];
  }

  /** Returns a time to live given to a write, which may be null (the policy decides). */
  private static Duration optionalTimeToLive(Duration timeToLive) {
    return timeToLive == null ? null : Expiry.requireTimeToLive(timeToLive);
  }

  @Override
  public AsyncKeyValueCache<K, V> async() {
    return new AsyncStoreCache<>(this, manager.asyncExecutor());
  }

  @Override
  public AsyncKeyValueCache<K, V> async(Executor executor) {
    return new AsyncStoreCache<>(this, AsyncExecutor.on(Objects.requireNonNull(executor,
        "executor")));
  }

  @Override
  @SuppressWarnings("unchecked")
  public VersionedCache<V> versioned(String namespace) {
    requireOpen();
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.indexOf(':') >= 0) {
      throw new IllegalArgumentException("A namespace is not empty and has no ':', unlike '"
          + namespace + "'");
    }
    if (!configuration.getKeyType().isAssignableFrom(String.class)) {
      throw new ClassCastException("Cache '" + name + "' has keys of type "
          + configuration.getKeyType().getName() + ": a versioned view needs String keys");
    }
    return new VersionedView<>((KeyValueCache<String, V>) this, namespace);
  }

  // ---------------------------------------------------------------- bulk writes

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    putAll(map, true, true, null);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map, Duration timeToLive) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    putAll(map, true, true, optionalTimeToLive(timeToLive));
  }

  /**
   * Puts all entries in one store round trip for the reads (none when the writes can be blind)
   * and one for the writes, each entry decided as a single write is. With write-through, only
   * the entries the writer wrote are stored; its failure is rethrown after.
   */
  private void putAll(Map<? extends K, ? extends V> map, boolean replaceExisting,
      boolean useWriteThrough, Duration timeToLive) {
    long start = statistics.start();
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      entries.requireTyped(e.getKey(), e.getValue());
    }
    Map<K, V> toPut = new LinkedHashMap<>(map);
    CacheWriterException failure = useWriteThrough ? through.writeAll(toPut) : null;
    Map<ByteBuffer, K> byBytes = entries.encodeKeys(toPut.keySet());
    long blind = blindExpiry(!replaceExisting, timeToLive);
    Map<ByteBuffer, StoreEntry> current = new HashMap<>();
    if (blind == Long.MIN_VALUE) {
      for (StoreEntry e : store.getAll(EntryCodec.bytesOf(byBytes))) {
        current.put(ByteBuffer.wrap(e.key()), e);
      }
    }
    Events<K, V> events = events();
    List<StoreEntry> writes = new ArrayList<>(toPut.size());
    for (Map.Entry<ByteBuffer, K> kb : byBytes.entrySet()) {
      K key = kb.getValue();
      V value = toPut.get(key);
      byte[] k = kb.getKey().array();
      byte[] v = entries.encodeValue(k, value);
      if (blind != Long.MIN_VALUE) {
        writes.add(new StoreEntry(k, v, blind));
        continue;
      }
      Attempt<K, V> a = new Attempt<>(expiry, entries, clock, events);
      a.begin(key, current.get(kb.getKey()), events.wanted());
      if (a.hit() && !replaceExisting) {
        continue;
      }
      StoreEntry next = a.write(key, value, k, v, timeToLive);
      if (next != null) {
        writes.add(next);
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
      K key = entries.decodeKey(e);
      if (key == null) {
        store.remove(e.key());
      } else {
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
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = through.deleteAll(toRemove);
    Map<K, StoreEntry> current = stored != null ? stored : readAll(toRemove);
    Events<K, V> events = events();
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
          V value = entries.decodeValue(key, e);
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
    Map<ByteBuffer, K> byBytes = entries.encodeKeys(keys);
    Map<K, StoreEntry> stored = new HashMap<>(keys.size() * 2);
    for (StoreEntry e : store.getAll(EntryCodec.bytesOf(byBytes))) {
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
    byte[] k = entries.encodeKey(key);
    Attempt<K, V> a = attempt();
    Object[] result = new Object[1];
    store.compute(k, cur -> {
      a.begin(key, cur, true);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, a.hit(), a.oldValue,
          through.isReadThrough() ? through::load : null);
      result[0] = process(entryProcessor, entry, arguments);
      return apply(a, entry, k, cur);
    });
    finish(a, start, true);
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
  private StoreEntry apply(Attempt<K, V> a, ProcessorEntry<K, V> entry, byte[] k,
      StoreEntry cur) {
    K key = entry.getKey();
    V value = entry.value();
    return switch (entry.operation()) {
      case ACCESS -> a.accessed();
      case CREATE, UPDATE -> {
        through.write(key, value);
        yield a.put(key, value, k, entries.encodeValue(k, value), entry.timeToLive());
      }
      case LOAD -> a.write(key, value, k, entries.encodeValue(k, value), entry.timeToLive());
      case REMOVE -> {
        through.delete(key);
        yield a.remove(key);
      }
      case NONE -> a.unchanged(cur);
    };
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

  /**
   * Returns the bounds this cache is held within in its store: its own, else its CacheManager's
   * ({@link Budget#UNBOUNDED} if neither set any).
   */
  public Budget budget() {
    return budget;
  }

  /**
   * Returns how many entries and bytes this cache holds in its store, when the store keeps that
   * count (always for a bounded cache); empty otherwise.
   */
  public Optional<Usage> usage() {
    requireOpen();
    return store.usage();
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator<>(this, store.iterator(pageSize));
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
    loads.await(LOAD_WAIT);
    dispatcher.awaitAsynchronous();
    dispatcher.close();
    through.close();
    Closeables.closeQuietly(expiry.policy());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  // ---------------------------------------------------------------- helpers

  private long now() {
    return clock.millis();
  }

  private Events<K, V> events() {
    return new Events<>(dispatcher, this, entries);
  }

  private Attempt<K, V> attempt() {
    return new Attempt<>(expiry, entries, clock, events());
  }

  private static void requireNoNulls(Collection<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }
}
