package io.jcachestores.store.mongo;

import io.jcachestores.spi.ReadableForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Readable forms ({@link ReadableForm}) as BSON: strings, Integers as {@code int32}, Longs as
 * {@code NumberLong}, Doubles as doubles, booleans; in documents maps as subdocuments, lists as
 * arrays, {@code byte[]} as generic binary, null as null. A stored
 * subdocument holding any other BSON type (an {@code int32}, an {@code ObjectId}...) was not
 * written by us and reads as bytes that never decode.
 */
final class MongoTrees {

  private MongoTrees() {}

  /** Returns the BSON of a readable form. */
  static BsonValue bson(Object o) {
    if (o == null) {
      return BsonNull.VALUE;
    } else if (o instanceof String s) {
      return new BsonString(s);
    } else if (o instanceof Long l) {
      return new BsonInt64(l);
    } else if (o instanceof Integer i) {
      return new BsonInt32(i);
    } else if (o instanceof Double d) {
      return new BsonDouble(d);
    } else if (o instanceof Boolean b) {
      return BsonBoolean.valueOf(b);
    } else if (o instanceof byte[] b) {
      return new BsonBinary(b);
    } else if (o instanceof Map<?, ?> m) {
      BsonDocument doc = new BsonDocument();
      m.forEach((k, v) -> doc.append((String) k, bson(v)));
      return doc;
    }
    List<?> list = (List<?>) o;
    BsonArray array = new BsonArray(list.size());
    for (Object e : list) {
      array.add(bson(e));
    }
    return array;
  }

  /** Returns the exact bytes a stored subdocument or array stands for. */
  static byte[] bytes(BsonValue field) {
    try {
      return ReadableForm.bytes(tree(field));
    } catch (IllegalArgumentException foreign) {
      return ReadableForm.unreadable();
    }
  }

  private static Object tree(BsonValue v) {
    return switch (v.getBsonType()) {
      case NULL -> null;
      case STRING -> v.asString().getValue();
      case INT64 -> v.asInt64().getValue();
      case DOUBLE -> v.asDouble().getValue();
      case BOOLEAN -> v.asBoolean().getValue();
      case BINARY -> {
        if (v.asBinary().getType() != BsonBinarySubType.BINARY.getValue()) {
          throw new IllegalArgumentException("binary subtype");
        }
        yield v.asBinary().getData();
      }
      case DOCUMENT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        v.asDocument().forEach((k, e) -> map.put(k, tree(e)));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        v.asArray().forEach(e -> list.add(tree(e)));
        yield list;
      }
      default -> throw new IllegalArgumentException("BSON " + v.getBsonType());
    };
  }
}
