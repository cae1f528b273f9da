package dev.distillery.trace;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An enum's names as stored: lower case ({@code model_request}), computed once. Reading a store
 * looks one up for every row, where {@code valueOf(toUpperCase(...))} made two strings a row.
 */
final class WireNames<E extends Enum<E>> {
  private final Class<E> type;
  private final Map<String, E> byWire = new HashMap<>();
  private final String[] wire;

  WireNames(Class<E> type) {
    this.type = type;
    E[] constants = type.getEnumConstants();
    wire = new String[constants.length];
    for (E constant : constants) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      wire[constant.ordinal()] = name;
      byWire.put(name, constant);
    }
  }

  String wire(E constant) {
    return wire[constant.ordinal()];
  }

  /** The constant of a stored name; any case, as before, and the same exceptions for others. */
  E fromWire(String value) {
    E constant = byWire.get(value);
    return constant != null ? constant : Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }
}
