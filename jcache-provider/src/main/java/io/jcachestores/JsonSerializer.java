package io.jcachestores;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jcachestores.codec.Structured;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Serializer#json}: values of one declared type as JSON documents, through Jackson with
 * no default typing. A value whose JSON is not a document of the stores' model (a property named
 * {@code $x} or {@code a.b}, a number beyond a Long) is stored as JSON bytes instead.
 */
final class JsonSerializer<V> implements Serializer<V> {

  private static final ObjectMapper MAPPER = mapper();

  private final Class<V> type;

  private JsonSerializer(Class<V> type) {
    this.type = type;
  }

  static <V> JsonSerializer<V> of(Class<V> type) {
    Objects.requireNonNull(type, "type");
    if (MAPPER == null) {
      throw new IllegalStateException("The JSON serializer needs Jackson: add "
          + "com.fasterxml.jackson.core:jackson-databind (2.x) to the dependencies");
    }
    if (type == Object.class) {
      throw new IllegalArgumentException("The JSON serializer needs a declared value type "
          + "(a record or bean class), not Object");
    }
    return new JsonSerializer<>(type);
  }

  private static ObjectMapper mapper() {
    try {
      return JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
    } catch (LinkageError noJackson) {
      return null;
    }
  }

  @Override
  public Object serialize(V value) {
    JsonNode node = MAPPER.valueToTree(value);
    try {
      Object tree = node.isContainerNode() ? tree(node) : null;
      if (tree != null && Structured.fits(tree)) {
        return tree;
      }
    } catch (NoPlace e) {
      // stored as JSON bytes below
    }
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot write " + value.getClass().getName()
          + " as JSON: " + e.getMessage(), e);
    }
  }

  /** Thrown by {@link #tree} for a node that has no place in a document. */
  private static final class NoPlace extends RuntimeException {
    NoPlace() {
      super(null, null, false, false);
    }
  }

  /** Returns the document of a JSON tree. */
  private static Object tree(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), tree(e.getValue()));
      }
      return map;
    } else if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(e -> list.add(tree(e)));
      return list;
    } else if (node.isTextual()) {
      return node.textValue();
    } else if (node.isBoolean()) {
      return node.booleanValue();
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    } else if (node.isDouble() || node.isFloat()) {
      return node.doubleValue();
    } else if (node.isNumber()) {
      return node.numberValue().toString();  // a BigDecimal or BigInteger, exactly
    } else if (node.isBinary()) {
      return node.asText();  // Base64, as Jackson reads a byte[] property back
    } else if (node.isNull()) {
      return null;
    }
    throw new NoPlace();
  }

  @Override
  public V deserialize(Object stored) {
    try {
      if (stored instanceof byte[] json) {
        return MAPPER.readValue(json, type);
      }
      if (stored instanceof Map<?, ?> || stored instanceof List<?>) {
        return MAPPER.convertValue(stored, type);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON of a " + type.getName() + ": "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException("a " + (stored == null ? "null" : stored.getClass()
        .getName()) + " is not a JSON document");
  }
}
