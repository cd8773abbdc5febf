package io.jcachestores.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structured form of values: a tree of maps, lists, strings, numbers, booleans, null and
 * byte arrays, written as canonical JSON so that stores can hold it as a document (MongoDB
 * subdocuments and arrays, DynamoDB {@code M} and {@code L}, SQLite JSON text).
 *
 * <p>The model, which both writing and reading enforce:
 * <ul>
 *   <li>the root is a map or a list; containers nest at most {@value #MAX_DEPTH} deep;
 *   <li>a map's keys are non-empty strings that neither start with {@code $} nor hold {@code .}
 *       or NUL (what every store can use as a field name); they are written sorted
 *       ({@link String#compareTo}), so that a store that does not keep the order of fields
 *       (DynamoDB) gives back the same bytes;
 *   <li>leaves are {@link String}s (well-formed UTF-16), {@link Long}s, finite {@link Double}s,
 *       {@link Boolean}s, null and {@code byte[]} (written {@code {"$b":"<base64>"}}).
 * </ul>
 * Reading builds only {@link LinkedHashMap}, {@link ArrayList} and the leaf types above: it never
 * instantiates another class, whatever the bytes say.
 */
public final class Structured {

  /** The deepest nesting of maps and lists (DynamoDB allows 32 levels, with room for wrappers). */
  public static final int MAX_DEPTH = 24;

  private static final String BINARY = "$b";
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE)
          .maxNestingDepth(MAX_DEPTH + 2)
          .maxNumberLength(64)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Canonical field names (a per-factory symbol table, bounded by Jackson and reset when it
      // grows past a few thousand names or on hash flooding) let Jackson parse UTF-8 bytes
      // directly; without them it decodes the bytes through a Reader first (a third of a
      // document hit, benchmarks/notes.md round 6). Names are never interned into the JVM's pool.
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private Structured() {}

  /** Thrown inside this class when a tree is outside the model. */
  private static final class OutsideModel extends Exception {
    OutsideModel(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Returns the canonical JSON (UTF-8) of a tree, preceded by {@code prefix}; or null if the tree
   * is outside the model.
   *
   * @param strict true for an application's value: maps must be {@link HashMap}s, sorted
   *     {@link LinkedHashMap}s or the JDK's immutable maps, lists {@link ArrayList}s or the JDK's
   *     immutable or fixed-size lists, so that reading gives back an equal value of an assignable
   *     class in the same order; false for a tree a store read, of any map and list classes
   */
  static byte[] write(byte[] prefix, Object tree, boolean strict) {
    if (!(tree instanceof Map<?, ?>) && !(tree instanceof List<?>)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(prefix);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, tree, strict, 1);
    } catch (OutsideModel e) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write JSON to memory", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object o, boolean strict, int depth)
      throws IOException, OutsideModel {
    if (o == null) {
      g.writeNull();
    } else if (o instanceof String s) {
      if (!Wtf8.isWellFormed(s)) {
        throw new OutsideModel("unpaired surrogate");
      }
      g.writeString(s);
    } else if (o instanceof Long l) {
      g.writeNumber(l);
    } else if (o instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new OutsideModel("not a finite number");
      }
      g.writeNumber(d);
    } else if (o instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (o instanceof byte[] b) {
      g.writeStartObject();
      g.writeStringField(BINARY, Base64.getEncoder().encodeToString(b));
      g.writeEndObject();
    } else if (o instanceof Map<?, ?> m) {
      depth(depth);
      if (strict && !plainMap(m)) {
        throw new OutsideModel("map class");
      }
      String[] keys = new String[m.size()];
      int i = 0;
      for (Object k : m.keySet()) {
        if (!(k instanceof String s) || !validKey(s)) {
          throw new OutsideModel("key");
        }
        keys[i++] = s;
      }
      if (strict && m instanceof LinkedHashMap<?, ?> && !sorted(keys)) {
        throw new OutsideModel("insertion order would be lost");
      }
      Arrays.sort(keys);
      g.writeStartObject();
      for (String k : keys) {
        g.writeFieldName(k);
        write(g, m.get(k), strict, depth + 1);
      }
      g.writeEndObject();
    } else if (o instanceof List<?> list) {
      depth(depth);
      if (strict && !plainList(list)) {
        throw new OutsideModel("list class");
      }
      g.writeStartArray();
      for (Object e : list) {
        write(g, e, strict, depth + 1);
      }
      g.writeEndArray();
    } else {
      throw new OutsideModel(o.getClass().getName());
    }
  }

  private static void depth(int depth) throws OutsideModel {
    if (depth > MAX_DEPTH) {
      throw new OutsideModel("too deep");
    }
  }

  private static boolean plainMap(Map<?, ?> m) {
    Class<?> c = m.getClass();
    return c == HashMap.class || c == LinkedHashMap.class || jdkImmutable(c);
  }

  private static boolean plainList(List<?> l) {
    Class<?> c = l.getClass();
    return c == ArrayList.class || jdkImmutable(c)
        || c.getName().equals("java.util.Arrays$ArrayList");
  }

  private static boolean jdkImmutable(Class<?> c) {
    return c.getName().startsWith("java.util.ImmutableCollections$");
  }

  private static boolean sorted(String[] keys) {
    for (int i = 1; i < keys.length; i++) {
      if (keys[i - 1].compareTo(keys[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code tree} is a document of the model that the codec stores in the
   * structured form (an application's value: see {@link #write}'s {@code strict}).
   */
  public static boolean fits(Object tree) {
    return write(new byte[0], tree, true) != null;
  }

  /** Returns whether {@code key} may be a key of a structured map. */
  public static boolean validKey(String key) {
    return !key.isEmpty() && key.charAt(0) != '$' && key.indexOf('.') < 0
        && key.indexOf('\0') < 0 && Wtf8.isWellFormed(key);
  }

  /**
   * Reads the tree whose JSON starts at {@code offset} of {@code bytes}.
   *
   * @throws UndecodableException if it is not JSON of a tree of the model
   */
  static Object read(byte[] bytes, int offset) {
    try (JsonParser p = JSON.createParser(bytes, offset, bytes.length - offset)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
        throw new UndecodableException("structured value is not a map or a list", null);
      }
      Object tree = read(p, first, 1);
      if (p.nextToken() != null) {
        throw new UndecodableException("structured value has trailing data", null);
      }
      return tree;
    } catch (IOException | IllegalArgumentException e) {
      throw new UndecodableException("malformed structured value: " + e.getMessage(), e);
    }
  }

  private static Object read(JsonParser p, JsonToken token, int depth) throws IOException {
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new UndecodableException("integer out of range", null);
        }
        yield p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw new UndecodableException("number out of range", null);
        }
        yield d;
      }
      case START_ARRAY -> {
        requireDepth(depth);
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(read(p, t, depth + 1));
        }
        yield list;
      }
      case START_OBJECT -> readObject(p, depth);
      default -> throw new UndecodableException("unexpected JSON " + token, null);
    };
  }

  private static Object readObject(JsonParser p, int depth) throws IOException {
    String first = p.nextFieldName();
    if (BINARY.equals(first)) {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new UndecodableException("malformed binary", null);
      }
      byte[] b = Base64.getDecoder().decode(p.getText());
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw new UndecodableException("malformed binary", null);
      }
      return b;
    }
    requireDepth(depth);
    Map<String, Object> map = new LinkedHashMap<>();
    for (String k = first; k != null; k = p.nextFieldName()) {
      if (!validKey(k)) {
        throw new UndecodableException("structured map has an invalid key", null);
      }
      map.put(k, read(p, p.nextToken(), depth + 1));
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new UndecodableException("malformed map", null);
    }
    return map;
  }

  private static void requireDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new UndecodableException("structured value nests deeper than " + MAX_DEPTH, null);
    }
  }
}
