package io.jcachestores.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jcachestores.Gadget;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Month;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays are judged by their elements: an array of Object or of an interface is a container whose
 * elements each pass the allowlist on their own; nothing about arrays lets a refused class in.
 */
class SerialFilterTest {

  private static final byte[] KEY = {1};

  /** Writes anything (Gadget allowed), as an attacker with write access to the store could. */
  private final Codec writer = new Codec("c", getClass().getClassLoader(),
      SerialFilter.allowing(List.of(), List.of("io.jcachestores.Gadget")), null);

  /** Reads through the allowlist every cache has by default. */
  private final Codec reader = new Codec("c", getClass().getClassLoader(),
      SerialFilter.allowing(List.of(), List.of()), null);

  private Object readBack(Object value) {
    return reader.decodeValue(KEY, writer.encodeValue(KEY, value));
  }

  private void assertRefusedWithoutRunningCode(Object value) {
    byte[] bytes = writer.encodeValue(KEY, value);
    int reads = Gadget.READS.get();
    assertThrows(UndecodableException.class, () -> reader.decodeValue(KEY, bytes));
    assertEquals(reads, Gadget.READS.get(), "no code of the refused class ran");
  }

  @Test
  void arraysOfInterfacesAndObjectHoldingAllowedValuesAreRead() {
    Serializable[] state = {"title", 42L, Month.MAY, null, new int[] {1, 2}};
    Object[] read = (Object[]) readBack(state);
    assertEquals(Serializable[].class, read.getClass());
    assertEquals(List.of("title", 42L, Month.MAY), Arrays.asList(read).subList(0, 3));
    assertArrayEquals(new int[] {1, 2}, (int[]) read[4]);

    assertArrayEquals(new Comparable<?>[] {"a", 1}, (Object[]) readBack(
        new Comparable<?>[] {"a", 1}));
    assertArrayEquals(new Object[][] {{"a"}, {2L}}, (Object[]) readBack(
        new Object[][] {{"a"}, {2L}}));
    assertArrayEquals(new String[] {"x"}, (Object[]) readBack(new String[] {"x"}));
  }

  @Test
  void aRefusedClassInsideAnArrayOfAnInterfaceIsStillRefused() {
    assertRefusedWithoutRunningCode(new Serializable[] {"harmless", new Gadget("rm -rf /")});
    assertRefusedWithoutRunningCode(new Object[] {new Gadget("x")});
    assertRefusedWithoutRunningCode(new Serializable[][] {{"a"}, {new Gadget("nested")}});
    assertRefusedWithoutRunningCode(new Object[] {List.of(new Serializable[] {new Gadget("y")})});
  }

  @Test
  void anArrayOfARefusedClassIsRefusedEvenWhenEmpty() {
    assertRefusedWithoutRunningCode(new Gadget[] {new Gadget("x")});
    assertRefusedWithoutRunningCode(new Gadget[0]);
    assertRefusedWithoutRunningCode(new Gadget[][] {{}});
  }

  @Test
  void theDepthLimitHoldsForArraysToo() throws Exception {
    Object[] deep = new Object[1];
    Object[] inner = deep;
    for (int i = 0; i < 100; i++) {
      Object[] next = new Object[1];
      inner[0] = next;
      inner = next;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Encoding.SERIALIZED);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(deep);
    }
    assertThrows(UndecodableException.class,
        () -> reader.decodeValue(KEY, bytes.toByteArray()));
  }

  @Test
  void anInterfaceOrObjectAsConfiguredTypeAllowsNothingMore() {
    Codec wide = new Codec("c", getClass().getClassLoader(),
        SerialFilter.allowing(List.of(Serializable.class, Object.class), List.of()), null);
    byte[] bytes = writer.encodeValue(KEY, new Serializable[] {new Gadget("x")});
    int reads = Gadget.READS.get();
    assertThrows(UndecodableException.class, () -> wide.decodeValue(KEY, bytes));
    assertEquals(reads, Gadget.READS.get());
  }
}
