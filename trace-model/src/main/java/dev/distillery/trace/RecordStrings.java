package dev.distillery.trace;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rewrites every string inside a value made of records, lists and maps (an event's payload), by
 * building the records again through their canonical constructors. What holds no changed string is
 * returned as it is, so a payload without a match costs a walk and no copy.
 */
final class RecordStrings {
  private static final ClassValue<Constructor<?>> CANONICAL =
      new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          Class<?>[] types = new Class<?>[components.length];
          for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            components[i].getAccessor().setAccessible(true);
          }
          try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor;
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type + " has no canonical constructor", e);
          }
        }
      };

  private RecordStrings() {}

  @SuppressWarnings("unchecked")
  static <T> T map(T value, UnaryOperator<String> strings) {
    return (T) any(value, strings);
  }

  private static Object any(Object value, UnaryOperator<String> strings) {
    if (value instanceof String text) {
      return strings.apply(text);
    }
    if (value instanceof Record record) {
      return record(record, strings);
    }
    if (value instanceof List<?> list) {
      return list(list, strings);
    }
    if (value instanceof Map<?, ?> map) {
      return map(map, strings);
    }
    // numbers, booleans, enums, instants: no text of their own
    return value;
  }

  private static Object record(Record record, UnaryOperator<String> strings) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    boolean changed = false;
    try {
      for (int i = 0; i < components.length; i++) {
        Object before = components[i].getAccessor().invoke(record);
        values[i] = any(before, strings);
        changed |= values[i] != before;
      }
      return changed ? CANONICAL.get(record.getClass()).newInstance(values) : record;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild " + record.getClass().getName(), e);
    }
  }

  private static Object list(List<?> list, UnaryOperator<String> strings) {
    List<Object> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (Object item : list) {
      Object after = any(item, strings);
      out.add(after);
      changed |= after != item;
    }
    return changed ? Collections.unmodifiableList(out) : list;
  }

  private static Object map(Map<?, ?> map, UnaryOperator<String> strings) {
    Map<Object, Object> out = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = any(entry.getKey(), strings);
      Object value = any(entry.getValue(), strings);
      out.put(key, value);
      changed |= key != entry.getKey() || value != entry.getValue();
    }
    return changed ? Collections.unmodifiableMap(out) : map;
  }
}
