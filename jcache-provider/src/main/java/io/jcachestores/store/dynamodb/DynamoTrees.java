package io.jcachestores.store.dynamodb;

import io.jcachestores.spi.ReadableForm;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Documents ({@link ReadableForm}) as DynamoDB attributes: maps as {@code M}, lists as
 * {@code L}, strings as {@code S}, Longs and Doubles as {@code N}, booleans as {@code BOOL},
 * {@code byte[]} as {@code B}, null as {@code NUL}. A number reads back as a Double when its text
 * has a decimal point or exponent, else as a Long, so a Double is written natively only when
 * DynamoDB cannot turn it into integer text (it is not a whole number) and lies in DynamoDB's
 * range; a document holding another Double is stored as bytes, whole. An attribute of another
 * type inside a stored document was not written by us and reads as bytes that never decode.
 */
final class DynamoTrees {

  private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
  private static final BigDecimal LIMIT = new BigDecimal("1E126");

  private DynamoTrees() {}

  /** Returns the attribute of a document, or null if DynamoDB cannot hold it exactly. */
  static AttributeValue attribute(Object o) {
    if (o == null) {
      return AttributeValue.fromNul(true);
    } else if (o instanceof String s) {
      return AttributeValue.fromS(s);
    } else if (o instanceof Long l) {
      return AttributeValue.fromN(l.toString());
    } else if (o instanceof Double d) {
      return exact(d) ? AttributeValue.fromN(d.toString()) : null;
    } else if (o instanceof Boolean b) {
      return AttributeValue.fromBool(b);
    } else if (o instanceof byte[] b) {
      return AttributeValue.fromB(SdkBytes.fromByteArray(b));
    } else if (o instanceof Map<?, ?> m) {
      Map<String, AttributeValue> map = new HashMap<>(m.size() * 2);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        AttributeValue v = attribute(e.getValue());
        if (v == null) {
          return null;
        }
        map.put((String) e.getKey(), v);
      }
      return AttributeValue.fromM(map);
    }
    List<?> list = (List<?>) o;
    List<AttributeValue> values = new ArrayList<>(list.size());
    for (Object e : list) {
      AttributeValue v = attribute(e);
      if (v == null) {
        return null;
      }
      values.add(v);
    }
    return AttributeValue.fromL(values);
  }

  private static boolean exact(double d) {
    if (d == Math.rint(d)) {
      return false;  // DynamoDB may give back "2" for 2.0, which reads as a Long
    }
    BigDecimal abs = new BigDecimal(Double.toString(d)).abs();
    return abs.compareTo(SMALLEST) >= 0 && abs.compareTo(LIMIT) < 0;
  }

  /** Returns whether a stored value attribute is a document. */
  static boolean isDocument(AttributeValue v) {
    return v.hasM() || v.hasL();
  }

  /** Returns the exact bytes a stored {@code M} or {@code L} attribute stands for. */
  static byte[] bytes(AttributeValue v) {
    try {
      return ReadableForm.bytes(tree(v, 0));
    } catch (IllegalArgumentException | ArithmeticException foreign) {
      return ReadableForm.unreadable();
    }
  }

  private static Object tree(AttributeValue v, int depth) {
    if (depth > ReadableForm.MAX_DEPTH) {
      throw new IllegalArgumentException("too deep");
    }
    if (v.s() != null) {
      return v.s();
    } else if (v.n() != null) {
      String n = v.n();
      return n.indexOf('.') >= 0 || n.indexOf('e') >= 0 || n.indexOf('E') >= 0
          ? (Object) Double.valueOf(n) : (Object) new BigDecimal(n).longValueExact();
    } else if (v.bool() != null) {
      return v.bool();
    } else if (v.b() != null) {
      return v.b().asByteArray();
    } else if (Boolean.TRUE.equals(v.nul())) {
      return null;
    } else if (v.hasM()) {
      Map<String, Object> map = new HashMap<>(v.m().size() * 2);
      v.m().forEach((k, e) -> map.put(k, tree(e, depth + 1)));
      return map;
    } else if (v.hasL()) {
      List<Object> list = new ArrayList<>(v.l().size());
      v.l().forEach(e -> list.add(tree(e, depth + 1)));
      return list;
    }
    throw new IllegalArgumentException("attribute type " + v.type());
  }

  /** Returns the size DynamoDB counts for an attribute value, rounded up. */
  static long size(AttributeValue v) {
    if (v.s() != null) {
      return DynamoItems.utf8Length(v.s());
    } else if (v.n() != null) {
      return v.n().length() + 1;
    } else if (v.b() != null) {
      return v.b().asByteBuffer().remaining();
    } else if (v.bool() != null || v.nul() != null) {
      return 1;
    } else if (v.hasSs()) {
      long size = 0;
      for (String s : v.ss()) {
        size += DynamoItems.utf8Length(s);
      }
      return size;
    } else if (v.hasM()) {
      long size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += DynamoItems.utf8Length(e.getKey()) + size(e.getValue()) + 1;
      }
      return size;
    } else if (v.hasL()) {
      long size = 3;
      for (AttributeValue e : v.l()) {
        size += size(e) + 1;
      }
      return size;
    }
    return 0;
  }
}
