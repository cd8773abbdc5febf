package io.jcachestores.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the keys and values of one cache into bytes and back: the one place where values are
 * copied (the cache stores by value) and where stored bytes, which are untrusted, are checked.
 *
 * <p>Decoding never runs code of a class outside the {@link SerialFilter}; with a {@link Signer},
 * a value whose signature does not verify is never decoded at all. Any failure to decode is an
 * {@link UndecodableException}.
 */
public final class Codec {

  private final String cacheName;
  private final ClassLoader classLoader;
  private final SerialFilter filter;
  private final Signer signer;
  private final boolean javaSerialization;
  private final Set<Class<?>> readableClasses = ConcurrentHashMap.newKeySet();
  private final DecodedTrees trees = new DecodedTrees();

  /**
   * Creates a codec.
   *
   * @param cacheName the name of the cache, which signatures cover
   * @param classLoader the loader that resolves classes of Java-serialized objects
   * @param filter the allowlist of deserializable classes
   * @param signer the signer of values, or null to store them unsigned
   */
  public Codec(String cacheName, ClassLoader classLoader, SerialFilter filter, Signer signer) {
    this(cacheName, classLoader, filter, signer, true);
  }

  /**
   * Creates a codec.
   *
   * @param cacheName the name of the cache, which signatures cover
   * @param classLoader the loader that resolves classes of Java-serialized objects
   * @param filter the allowlist of deserializable classes
   * @param signer the signer of values, or null to store them unsigned
   * @param javaSerialization false for a cache whose values go through a serializer: values
   *     are then never Java-deserialized, whatever the store holds
   */
  public Codec(String cacheName, ClassLoader classLoader, SerialFilter filter, Signer signer,
      boolean javaSerialization) {
    this.cacheName = cacheName;
    this.classLoader = classLoader;
    this.filter = filter;
    this.signer = signer;
    this.javaSerialization = javaSerialization;
  }

  /**
   * Encodes a key. Equal keys of the supported simple types always give equal bytes, and
   * different ones different bytes (a String is stored exactly, unpaired surrogates included);
   * other keys go through Java serialization, so their bytes are equal when their serialized
   * forms are.
   *
   * @throws IllegalArgumentException if the key is neither a simple type nor Serializable
   */
  public byte[] encodeKey(Object key) {
    return encode(key, "key");
  }

  /** Decodes a key written by {@link #encodeKey}. */
  public Object decodeKey(byte[] bytes) {
    return decode(bytes);
  }

  /**
   * Encodes a value stored under {@code encodedKey}, signing it (together with the key and the
   * cache's name) when a secret key is configured.
   *
   * <p>A map or list that is a tree of the {@link Structured} model (maps of plain JDK classes
   * with string keys, lists, strings, {@code Long}s, {@code Double}s, booleans, null, byte
   * arrays) is stored in the structured form, which stores keep as a native document and which
   * decodes to an equal tree of {@code LinkedHashMap}s and {@code ArrayList}s without any
   * deserialization; other maps and lists (holding an {@code Integer}, say) are serialized.
   *
   * @throws IllegalArgumentException if the value is neither a simple type nor Serializable
   */
  public byte[] encodeValue(byte[] encodedKey, Object value) {
    byte[] structured = value instanceof Map<?, ?> || value instanceof List<?>
        ? Encoding.structured(value) : null;
    byte[] inner = structured != null ? structured : encode(value, "value");
    if (signer == null) {
      return inner;
    }
    byte[] signature = signer.signValue(cacheName, encodedKey, inner);
    byte[] out = new byte[1 + Signer.LENGTH + inner.length];
    out[0] = Encoding.SIGNED;
    System.arraycopy(signature, 0, out, 1, Signer.LENGTH);
    System.arraycopy(inner, 0, out, 1 + Signer.LENGTH, inner.length);
    return out;
  }

  /**
   * Decodes a value stored under {@code encodedKey}, verifying first that it was signed for this
   * key of this cache. Every call returns a value of its own: a structured value is a tree of
   * new {@code LinkedHashMap}s and {@code ArrayList}s the caller may change.
   *
   * <p>Structured values decoded recently are remembered with the exact key and value bytes they
   * came from ({@link DecodedTrees}), so that the same bytes read again are not parsed again;
   * the signature is verified every time.
   */
  public Object decodeValue(byte[] encodedKey, byte[] bytes) {
    return decodeValue(encodedKey, bytes, false);
  }

  /**
   * Decodes like {@link #decodeValue(byte[], byte[])}; with {@code shared}, a structured value
   * may instead be an unmodifiable tree that is also handed to other callers (the same instance
   * for the same key and bytes, while they are remembered), which saves copying it. A tree that
   * holds a byte array is never shared: arrays cannot refuse changes.
   */
  public Object decodeValue(byte[] encodedKey, byte[] bytes, boolean shared) {
    if (signer == null) {
      return decodeValue(encodedKey, bytes, bytes, shared);
    }
    if (bytes.length < 1 + Signer.LENGTH || bytes[0] != Encoding.SIGNED) {
      throw new UndecodableException("value is not signed", null);
    }
    byte[] signature = Arrays.copyOfRange(bytes, 1, 1 + Signer.LENGTH);
    byte[] inner = Arrays.copyOfRange(bytes, 1 + Signer.LENGTH, bytes.length);
    if (!signer.verifyValue(signature, cacheName, encodedKey, inner)) {
      throw new UndecodableException("value signature does not verify for this key of this "
          + "cache (altered, moved from another key or cache, signed with another secret key, "
          + "or signed before signatures covered the cache name)", null);
    }
    return decodeValue(encodedKey, bytes, inner, shared);
  }

  /**
   * Decodes unsigned value bytes {@code inner} (of {@code stored}, verified if signed), refusing
   * Java serialization when the codec does not read it.
   */
  private Object decodeValue(byte[] encodedKey, byte[] stored, byte[] inner, boolean shared) {
    if (inner.length > 0 && inner[0] == Encoding.STRUCTURED) {
      Object tree = trees.get(encodedKey, stored, shared);
      return tree != null ? tree
          : trees.remember(encodedKey, stored, Encoding.structuredValue(inner), shared);
    }
    if (!javaSerialization && inner.length > 0 && inner[0] == Encoding.SERIALIZED) {
      throw new UndecodableException("this cache's values are never Java-deserialized", null);
    }
    return decode(inner);
  }

  private byte[] encode(Object o, String what) {
    if (o instanceof String s) {
      return Encoding.tagged(Encoding.STRING, Wtf8.encode(s));
    } else if (o instanceof byte[] b) {
      return Encoding.tagged(Encoding.BYTES, b);
    } else if (o instanceof Long || o instanceof Integer || o instanceof Double
        || o instanceof Boolean) {
      return Encoding.fromReadable(o);
    } else if (o instanceof Short) {
      return text(Encoding.SHORT, o);
    } else if (o instanceof Byte) {
      return text(Encoding.BYTE, o);
    } else if (o instanceof Float) {
      return text(Encoding.FLOAT, o);
    } else if (o instanceof Character) {
      return text(Encoding.CHARACTER, o);
    } else if (o instanceof Serializable) {
      byte[] bytes = serialize(o);
      requireReadable(o.getClass(), bytes, what);
      return bytes;
    }
    throw new IllegalArgumentException("Cannot store " + what + " of " + o.getClass().getName()
        + ": it is neither a String, number, boolean, byte[] nor Serializable");
  }

  /**
   * Refuses to write what could never be read back: the first time a class is written, its bytes
   * are read back through the allowlist. (Objects of an accepted class that contain other,
   * refused classes are still written; they read as misses.)
   */
  private void requireReadable(Class<?> type, byte[] bytes, String what) {
    if (readableClasses.contains(type)) {
      return;
    }
    try {
      deserialize(bytes);
    } catch (UndecodableException e) {
      throw new IllegalArgumentException("Cannot store " + what + " of " + type.getName()
          + ": it could not be read back, because " + e.getMessage() + ". Allow its classes "
          + "with StoreConfiguration.allowClasses(...) or the 'allow' option", e);
    }
    readableClasses.add(type);
  }

  private static byte[] text(byte tag, Object o) {
    return Encoding.tagged(tag, Wtf8.encode(o.toString()));
  }

  private static byte[] serialize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    bytes.write(Encoding.SERIALIZED);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot serialize " + o.getClass().getName() + ": " + e,
          e);
    }
    return bytes.toByteArray();
  }

  private Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new UndecodableException("empty", null);
    }
    try {
      return switch (bytes[0]) {
        case Encoding.STRING -> Wtf8.decode(bytes, 1);
        case Encoding.BYTES -> Encoding.payload(bytes);
        case Encoding.LONG -> Long.valueOf(Encoding.text(bytes));
        case Encoding.INTEGER -> Integer.valueOf(Encoding.text(bytes));
        case Encoding.DOUBLE -> Double.valueOf(Encoding.text(bytes));
        case Encoding.BOOLEAN -> parseBoolean(Encoding.text(bytes));
        case Encoding.SHORT -> Short.valueOf(Encoding.text(bytes));
        case Encoding.BYTE -> Byte.valueOf(Encoding.text(bytes));
        case Encoding.FLOAT -> Float.valueOf(Encoding.text(bytes));
        case Encoding.CHARACTER -> parseCharacter(Wtf8.decode(bytes, 1));
        case Encoding.SERIALIZED -> deserialize(bytes);
        case Encoding.STRUCTURED -> Encoding.structuredValue(bytes);
        default -> throw new UndecodableException("unknown format tag " + (bytes[0] & 0xff), null);
      };
    } catch (NumberFormatException e) {
      throw new UndecodableException("malformed number", e);
    }
  }

  private static Boolean parseBoolean(String s) {
    return switch (s) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new UndecodableException("malformed boolean", null);
    };
  }

  private static Character parseCharacter(String s) {
    if (s.length() != 1) {
      throw new UndecodableException("malformed character", null);
    }
    return s.charAt(0);
  }

  private Object deserialize(byte[] bytes) {
    InputStream in = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
    int streamBytes = bytes.length - 1;
    ObjectInputFilter allowlist = filter.filter(streamBytes);
    ObjectInputFilter.FilterInfo[] rejected = new ObjectInputFilter.FilterInfo[1];
    try (ObjectInputStream ois = new LoaderObjectInputStream(in, classLoader)) {
      ois.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = allowlist.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
          rejected[0] = info;
        }
        return status;
      });
      return ois.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new UndecodableException(rejected[0] != null ? SerialFilter.rejection(rejected[0], streamBytes)
          : "cannot deserialize: " + e, e);
    }
  }

  /** Resolves classes through the cache's class loader. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
