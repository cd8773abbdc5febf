package io.jcachestores.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecTest {

  private final Codec codec = new Codec("c", getClass().getClassLoader(),
      SerialFilter.allowing(List.of(), List.of()), null);

  @Test
  void everySupportedTypeRoundTrips() {
    List<Object> values = List.of("text ✓", 42L, 7, 2.5d, true, false, (short) 3, (byte) -1,
        1.5f, 'x', new BigDecimal("1.10"), Instant.ofEpochSecond(1), UUID.randomUUID(),
        List.of(1, "a"), Map.of("k", List.of(2L)));
    for (Object value : values) {
      byte[] key = codec.encodeKey(value);
      assertEquals(value, codec.decodeKey(key));
      assertEquals(value, codec.decodeValue(key, codec.encodeValue(key, value)));
    }
    byte[] bytes = {0, 1, (byte) 0xff};
    assertArrayEquals(bytes, (byte[]) codec.decodeValue(new byte[] {1},
        codec.encodeValue(new byte[] {1}, bytes)));
  }

  @Test
  void commonTypesAreStoredReadably() {
    assertEquals("Shello", new String(codec.encodeKey("hello"), StandardCharsets.UTF_8));
    assertEquals("L42", new String(codec.encodeKey(42L), StandardCharsets.UTF_8));
    assertEquals("hello", Encoding.toReadable(codec.encodeKey("hello")));
    assertEquals(42L, Encoding.toReadable(codec.encodeKey(42L)));
    assertNull(Encoding.toReadable(codec.encodeKey(List.of(1))));
    for (Object readable : List.of("s", 1L, 2, 3.5d, true)) {
      assertArrayEquals(codec.encodeKey(readable), Encoding.fromReadable(readable));
    }
  }

  @Test
  void equalKeysEncodeEqually() {
    assertArrayEquals(codec.encodeKey(List.of("a", 1)), codec.encodeKey(List.of("a", 1)));
    assertArrayEquals(codec.encodeKey(Long.valueOf(5)), codec.encodeKey(5L));
  }

  @Test
  void nonSerializableValuesAreRefusedWithTheirClassName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encodeValue(new byte[] {1}, new Object()));
    assertEquals(true, e.getMessage().contains("java.lang.Object"));
  }

  @Test
  void malformedAllowlistPatternsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SerialFilter.allowing(List.of(), List.of("!com.example.*")));
    assertThrows(IllegalArgumentException.class,
        () -> SerialFilter.allowing(List.of(), List.of("maxdepth=1000")));
  }

  record Person(String name) implements java.io.Serializable {}

  record Wrapper(Person person) implements java.io.Serializable {}

  @Test
  void theRefusalNamesTheNestedClassThatIsNotAllowed() {
    Codec wrappers = new Codec("c", getClass().getClassLoader(),
        SerialFilter.allowing(List.of(Wrapper.class), List.of()), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> wrappers.encodeValue(new byte[] {1}, new Wrapper(new Person("Ada"))));
    assertEquals(true, e.getMessage().contains("class " + Person.class.getName()
        + " is not in the allowlist"), e.getMessage());
  }

  @Test
  void aNestedClassMayBeAllowedByItsSourceName() {
    String sourceName = Person.class.getCanonicalName();
    assertEquals("io.jcachestores.codec.CodecTest.Person", sourceName);
    Codec allowing = new Codec("c", getClass().getClassLoader(),
        SerialFilter.allowing(List.of(Wrapper.class), List.of(sourceName)), null);
    Wrapper value = new Wrapper(new Person("Ada"));
    byte[] key = {1};
    assertEquals(value, allowing.decodeValue(key, allowing.encodeValue(key, value)));
    assertEquals("com.example.Outer$Inner$Deep",
        SerialFilter.binaryName("com.example.Outer.Inner.Deep"));
    assertEquals("com.example.*", SerialFilter.binaryName("com.example.*"));
    assertEquals("com.example.Outer$*", SerialFilter.binaryName("com.example.Outer.*"));
    assertEquals("com.example.**", SerialFilter.binaryName("com.example.**"));
  }

  @Test
  void stringsWithUnpairedSurrogatesRoundTripExactlyAndNeverShareAnEncoding() {
    List<String> strings = List.of("\uD800", "\uDC00", "?", "\uFFFD", "a\uDC00b", "\uDBFF\uDFFF",
        "\uDC00\uD800", "\uD800\uD800\uDC00", "\uD83D", "\uD83D\uDE00", "x\uD83D");
    Set<String> encodings = new HashSet<>();
    for (String s : strings) {
      byte[] key = codec.encodeKey(s);
      assertEquals(s, codec.decodeKey(key));
      assertEquals(s, codec.decodeValue(key, codec.encodeValue(key, s)));
      assertTrue(encodings.add(Arrays.toString(key)), () -> "two strings share " + s + "'s bytes");
    }
    for (char c : new char[] {'\uD800', '\uDFFF', '?'}) {
      assertEquals(c, codec.decodeKey(codec.encodeKey(c)));
    }
  }

  @Test
  void wellFormedStringsKeepTheirUtf8Encoding() {
    for (String s : List.of("", "plain", "caf\u00e9", "\u20ac", "\uD83D\uDE00", "\uFFFD", "\u0000")) {
      byte[] expected = ("S" + s).getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(expected, codec.encodeKey(s));
      assertEquals(s, codec.decodeKey(expected));
    }
  }

  @Test
  void textThatNoStringEncodesToIsUndecodable() {
    int[][] malformed = {
        {0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80},  // a surrogate pair written as two halves
        {0xC0, 0x80},  // an overlong NUL
        {0xE0, 0x80, 0xAF},  // an overlong '/'
        {0xE2, 0x82},  // truncated
        {0xC3, 0x41},  // a lead byte without its continuation
        {0xFF},
        {0xF4, 0x90, 0x80, 0x80}};  // beyond U+10FFFF
    for (int[] payload : malformed) {
      byte[] bytes = new byte[payload.length + 1];
      bytes[0] = 'S';
      for (int i = 0; i < payload.length; i++) {
        bytes[i + 1] = (byte) payload[i];
      }
      assertThrows(UndecodableException.class, () -> codec.decodeKey(bytes),
          () -> Arrays.toString(payload));
    }
  }

  @Test
  void aSignedValueVerifiesOnlyForItsOwnKeyAndCache() {
    Signer signer = Signer.of("s3cret", "salt");
    SerialFilter filter = SerialFilter.allowing(List.of(), List.of());
    Codec x = new Codec("x", getClass().getClassLoader(), filter, signer);
    Codec y = new Codec("y", getClass().getClassLoader(), filter, signer);
    byte[] key = x.encodeKey("k");
    byte[] value = x.encodeValue(key, "v");
    assertEquals("v", x.decodeValue(key, value));
    assertThrows(UndecodableException.class, () -> y.decodeValue(key, value));
    assertThrows(UndecodableException.class, () -> x.decodeValue(x.encodeKey("k2"), value));
    assertThrows(UndecodableException.class, () -> x.decodeValue(key, "Sv".getBytes(
        StandardCharsets.UTF_8)));
  }

  @Test
  void anArrayLongerThanItsStoredBytesCouldHoldIsRefusedBeforeItIsAllocated() {
    byte[] key = codec.encodeKey("k");
    byte[] stored = codec.encodeValue(key, new int[] {1, 2});
    // the stream ends with the array's length (4 bytes) and its two ints (8 bytes)
    int length = stored.length - 12;
    stored[length] = 0x7f;
    stored[length + 1] = (byte) 0xff;
    stored[length + 2] = (byte) 0xff;
    stored[length + 3] = (byte) 0xf0;
    UndecodableException e = assertThrows(UndecodableException.class,
        () -> codec.decodeValue(key, stored));
    assertTrue(e.getMessage().contains("array of 2147483632 elements"), e.getMessage());
  }

  @Test
  void largeCollectionsStayWithinTheArrayBound() {
    Map<Integer, Integer> map = new java.util.HashMap<>();
    Set<String> set = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      map.put(i, i);
      set.add(Integer.toString(i));
    }
    byte[] key = codec.encodeKey("k");
    assertEquals(map, codec.decodeValue(key, codec.encodeValue(key, map)));
    assertEquals(set, codec.decodeValue(key, codec.encodeValue(key, set)));
    assertArrayEquals(new long[4096], (long[]) codec.decodeValue(key,
        codec.encodeValue(key, new long[4096])));
  }
}
