package io.jcachestores.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecTest {

  private final Codec codec = new Codec(getClass().getClassLoader(),
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
    Codec wrappers = new Codec(getClass().getClassLoader(),
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
    Codec allowing = new Codec(getClass().getClassLoader(),
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
}
