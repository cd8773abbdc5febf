package io.jcachestores.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcachestores.spi.ReadableForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The structured form in the codec and its readable form for stores. */
class StructuredFormTest {

  private final Codec codec = new Codec("c", getClass().getClassLoader(),
      SerialFilter.allowing(List.of(), List.of()), null);
  private final Codec signed = new Codec("c", getClass().getClassLoader(),
      SerialFilter.allowing(List.of(), List.of()), Signer.of("secret", "salt"));
  private final byte[] key = ReadableForm.bytes("k");

  private static String payload(byte[] encoded) {
    return new String(encoded, 1, encoded.length - 1, StandardCharsets.UTF_8);
  }

  @Test
  void equalMapsHaveOneCanonicalEncodingWithSortedKeys() {
    Map<String, Object> a = new HashMap<>();
    a.put("b", 1L);
    a.put("a", List.of(2.5, "x", new byte[] {1}));
    byte[] encoded = codec.encodeValue(key, a);
    assertEquals('T', encoded[0]);
    assertEquals("{\"a\":[2.5,\"x\",{\"$b\":\"AQ==\"}],\"b\":1}", payload(encoded));
    assertArrayEquals(encoded, codec.encodeValue(key, Map.of("b", 1L,
        "a", List.of(2.5, "x", new byte[] {1}))));
    Map<?, ?> decoded = assertInstanceOf(LinkedHashMap.class, codec.decodeValue(key, encoded));
    assertEquals(List.of("a", "b"), new ArrayList<>(decoded.keySet()));
  }

  @Test
  void whatADocumentCannotHoldExactlyIsJavaSerializedAsBefore() {
    LinkedHashMap<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("z", "first");
    ordered.put("a", "second");
    TreeMap<String, Object> tree = new TreeMap<>(Map.of("a", "b"));
    for (Object value : List.of(ordered, tree, Map.of("n", 1), Map.of("$x", "y"),
        Map.of("d", Double.NaN), List.of(new StringBuilder()))) {
      byte[] encoded;
      try {
        encoded = codec.encodeValue(key, value);
      } catch (IllegalArgumentException notSerializable) {
        continue;  // a StringBuilder is not Serializable
      }
      assertEquals('J', encoded[0], value.toString());
    }
    byte[] encoded = codec.encodeValue(key, ordered);
    assertEquals(List.of("z", "a"),
        new ArrayList<>(((Map<?, ?>) codec.decodeValue(key, encoded)).keySet()));
  }

  @Test
  void readableFormsOfDocumentsGiveBackTheSameBytes() {
    byte[] plain = codec.encodeValue(key, Map.of("a", List.of(1L, true)));
    Object form = ReadableForm.of(plain);
    assertEquals(Map.of("a", List.of(1L, true)), form);
    assertArrayEquals(plain, ReadableForm.bytes(form));
    assertArrayEquals(plain, ReadableForm.fromJson(ReadableForm.json(plain)));

    byte[] sig = signed.encodeValue(key, Map.of("a", 1L));
    Map<?, ?> wrapper = assertInstanceOf(Map.class, ReadableForm.of(sig));
    assertEquals(32, ((byte[]) wrapper.get("signature")).length);
    assertEquals(Map.of("a", 1L), wrapper.get("value"));
    assertArrayEquals(sig, ReadableForm.bytes(wrapper));
    String json = ReadableForm.json(sig);
    assertNotNull(json);
    assertEquals(json.substring(0, 20), "{\"signature\":{\"$b\":\"");
    assertArrayEquals(sig, ReadableForm.fromJson(json));
    assertEquals(Map.of("a", 1L), signed.decodeValue(key, ReadableForm.fromJson(json)));
  }

  @Test
  void aDocumentShapedLikeASignedOneIsKeptAsBytes() {
    byte[] lookalike = codec.encodeValue(key,
        Map.of("signature", new byte[32], "value", Map.of("a", 1L)));
    assertEquals('T', lookalike[0]);
    assertNull(ReadableForm.of(lookalike), "its readable form would read back as a signed value");
    assertNull(ReadableForm.json(lookalike));
  }

  @Test
  void nonCanonicalOrHostileJsonHasNoReadableFormAndNeverDecodesToAClass() {
    for (String json : List.of("{\"b\":1,\"a\":2}", "{ \"a\":1}", "{\"a\":1.50}",
        "{\"a\":1,\"a\":2}", "[1]x", "{\"a\":{\"$b\":\"!!\"}}",
        "{\"a\":123456789012345678901234567890}", "{\"a\":1e999}", "\"text\"", "")) {
      byte[] bytes = ReadableForm.fromJson(json);
      assertNull(ReadableForm.of(bytes), json);
      try {
        Object decoded = codec.decodeValue(key, bytes);
        assertInstanceOf(Map.class, decoded, json);  // a different order or spelling: data only
      } catch (UndecodableException expected) {
        // malformed, duplicate, out of range, reserved key
      }
    }
    assertEquals(Map.of("@class", "java.io.File"),
        codec.decodeValue(key, ReadableForm.fromJson("{\"@class\":\"java.io.File\"}")));
    assertThrows(UndecodableException.class,
        () -> codec.decodeValue(key, ReadableForm.fromJson("{\"$x\":1}")));
    assertThrows(UndecodableException.class,
        () -> codec.decodeValue(key, ReadableForm.fromJson("[".repeat(30) + "]".repeat(30))));
  }

  @Test
  void aSignedCacheRefusesAnUnsignedDocument() {
    byte[] unsigned = codec.encodeValue(key, Map.of("a", 1L));
    assertThrows(UndecodableException.class, () -> signed.decodeValue(key, unsigned));
  }

  @Test
  void aRememberedDocumentIsHandedOutAsAFreshCopyEveryTime() {
    byte[] encoded = codec.encodeValue(key, Map.of("list", List.of("a"), "blob", new byte[] {1}));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) codec.decodeValue(key, encoded);
    ((byte[]) first.get("blob"))[0] = 9;
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) first.get("list");
    list.add("changed");
    first.put("extra", true);
    Map<?, ?> second = (Map<?, ?>) codec.decodeValue(key, encoded.clone());
    assertEquals(List.of("a"), second.get("list"));
    assertArrayEquals(new byte[] {1}, (byte[]) second.get("blob"));
    assertEquals(2, second.size());
  }

  @Test
  void aSharedReadHandsOutOneUnmodifiableTreeThatNoCopyChanges() {
    byte[] encoded = codec.encodeValue(key, Map.of("list", List.of("a"), "n", 1L));
    Object first = codec.decodeValue(key, encoded, true);
    assertSame(first, codec.decodeValue(key, encoded.clone(), true), "the same bytes, one tree");
    @SuppressWarnings("unchecked")
    Map<String, Object> shared = (Map<String, Object>) first;
    assertThrows(UnsupportedOperationException.class, () -> shared.put("extra", true));
    assertThrows(UnsupportedOperationException.class,
        () -> ((List<?>) shared.get("list")).clear());
    @SuppressWarnings("unchecked")
    Map<String, Object> own = (Map<String, Object>) codec.decodeValue(key, encoded);
    assertNotSame(shared, own);
    own.put("extra", true);
    ((List<Object>) own.get("list")).add("b");
    assertEquals(Map.of("list", List.of("a"), "n", 1L), codec.decodeValue(key, encoded, true));

    byte[] forged = ReadableForm.fromJson("{\"list\":[\"a\"],\"n\":2}");
    assertEquals(Map.of("list", List.of("a"), "n", 2L), codec.decodeValue(key, forged, true),
        "changed bytes are never answered with the shared tree");
  }

  @Test
  void aTreeHoldingBytesIsNeverShared() {
    byte[] encoded = codec.encodeValue(key, Map.of("blob", new byte[] {1}));
    Map<?, ?> first = (Map<?, ?>) codec.decodeValue(key, encoded, true);
    ((byte[]) first.get("blob"))[0] = 9;
    Map<?, ?> second = (Map<?, ?>) codec.decodeValue(key, encoded, true);
    assertNotSame(first, second);
    assertArrayEquals(new byte[] {1}, (byte[]) second.get("blob"));
  }

  @Test
  void rememberingNeverLetsOtherBytesThrough() {
    byte[] encoded = codec.encodeValue(key, Map.of("name", "Ada"));
    assertEquals(Map.of("name", "Ada"), codec.decodeValue(key, encoded));
    byte[] forged = ReadableForm.fromJson("{\"name\":\"Eve\"}");
    assertEquals(Map.of("name", "Eve"), codec.decodeValue(key, forged), "changed bytes decode anew");
    assertThrows(UndecodableException.class,
        () -> codec.decodeValue(key, ReadableForm.fromJson("{\"$name\":\"Eve\"}")));
    assertEquals(Map.of("name", "Ada"), codec.decodeValue(ReadableForm.bytes("other"), encoded),
        "the same bytes under another key are decoded for that key");

    byte[] signedBytes = signed.encodeValue(key, Map.of("name", "Ada"));
    assertEquals(Map.of("name", "Ada"), signed.decodeValue(key, signedBytes));
    assertThrows(UndecodableException.class,
        () -> signed.decodeValue(ReadableForm.bytes("moved"), signedBytes),
        "the signature is checked even when the bytes were decoded before");
    byte[] tampered = signedBytes.clone();
    tampered[tampered.length - 3] ^= 1;
    assertThrows(UndecodableException.class, () -> signed.decodeValue(key, tampered));
    assertEquals(Map.of("name", "Ada"), signed.decodeValue(key, signedBytes));
  }

  @Test
  void aStoreTellsJsonTextFromEncodedBytesByTheirFirstByte() {
    for (Object value : List.of("s", 1L, 2, 1.5, true, new byte[] {'{'}, (short) 3, (byte) 4,
        2.5f, 'c', Map.of("a", 1L), List.of("x"))) {
      byte[] encoded = codec.encodeValue(key, value);
      assertArrayEquals(encoded, ReadableForm.fromStored(encoded), String.valueOf(value));
      assertNotNull(codec.decodeValue(key, ReadableForm.fromStored(encoded)));
      byte[] signedBytes = signed.encodeValue(key, value);
      assertArrayEquals(signedBytes, ReadableForm.fromStored(signedBytes));
      String json = ReadableForm.json(encoded);
      if (json != null) {
        assertArrayEquals(encoded, ReadableForm.fromStored(json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    byte[] signedJson = ReadableForm.json(signed.encodeValue(key, Map.of("a", 1L)))
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(Map.of("a", 1L), signed.decodeValue(key, ReadableForm.fromStored(signedJson)));
  }
}
