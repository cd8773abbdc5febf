package io.jcachestores.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectInputValidation;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Repeats, against the frameworks on this class path, the review of the classes every cache
 * reads without the user listing them ({@link FrameworkTypes}): each is Serializable plain data,
 * and its only deserialization hooks are the ones reviewed here.
 */
class FrameworkTypesTest {

  /** The hooks found in the review, and what each does. Any other hook fails the test. */
  private static final Map<String, Set<String>> REVIEWED_HOOKS = Map.of(
      // recomputes the hash code of its parameters, each read through the allowlist
      "org.springframework.cache.interceptor.SimpleKey", Set.of("readObject"),
      // returns the singleton
      "org.springframework.cache.support.NullValue", Set.of("readResolve"),
      // recomputes its hash code from its String, parameter memento and String[]
      "org.hibernate.cache.spi.QueryKey", Set.of("readObject"),
      // a record: read through its canonical constructor, which only assigns the fields
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem", Set.of("record"));

  private static List<String> listed() {
    List<String> all = new ArrayList<>(FrameworkTypes.SPRING);
    all.addAll(FrameworkTypes.HIBERNATE);
    return all;
  }

  @Test
  void everyListedClassIsSerializablePlainDataWithOnlyReviewedHooks() throws Exception {
    for (String name : listed()) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      assertTrue(Serializable.class.isAssignableFrom(type), name);
      assertFalse(Externalizable.class.isAssignableFrom(type), name + " reads itself");
      assertFalse(ObjectInputValidation.class.isAssignableFrom(type), name + " validates");
      assertEquals(REVIEWED_HOOKS.getOrDefault(name, Set.of()), hooks(type), name);
      Class<?> firstNotSerializable = type;
      while (Serializable.class.isAssignableFrom(firstNotSerializable)) {
        firstNotSerializable = firstNotSerializable.getSuperclass();
      }
      assertTrue(firstNotSerializable == Object.class || firstNotSerializable == Record.class,
          name + ": deserialization runs the constructor of " + firstNotSerializable);
    }
  }

  @Test
  void everyListedClassHoldsOnlyJdkTypesListedClassesOrValuesJudgedOnTheirOwn() {
    Set<String> listed = Set.copyOf(listed());
    for (String name : listed) {
      Class<?> type = load(name);
      for (Class<?> c = type; c != Object.class && c != Record.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())
              || Modifier.isTransient(field.getModifiers())) {
            continue;
          }
          Class<?> held = field.getType();
          while (held.isArray()) {
            held = held.getComponentType();
          }
          boolean judgedOnItsOwn = held.isInterface() || held == Object.class;
          assertTrue(held.isPrimitive() || judgedOnItsOwn || held.getName().startsWith("java.")
                  || listed.contains(held.getName()),
              name + "." + field.getName() + " holds a " + held.getName());
        }
      }
    }
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name + " is listed but not in the framework", e);
    }
  }

  /** Returns the deserialization hooks of a class and its serializable superclasses. */
  private static Set<String> hooks(Class<?> type) {
    Set<String> hooks = new TreeSet<>();
    if (type.isRecord()) {
      hooks.add("record");
    }
    for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c);
        c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        boolean readObject = m.getName().equals("readObject")
            && List.of(m.getParameterTypes()).equals(List.of(ObjectInputStream.class));
        boolean noParameters = m.getParameterCount() == 0;
        if (readObject || noParameters && (m.getName().equals("readResolve")
            || m.getName().equals("readObjectNoData"))) {
          hooks.add(m.getName());
        }
      }
    }
    return hooks;
  }
}
