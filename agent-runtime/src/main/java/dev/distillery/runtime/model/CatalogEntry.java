package dev.distillery.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.DistilleryException;
import java.util.Map;
import java.util.Set;

/** Reads one catalog entry over a base entry; each field given replaces only itself. */
final class CatalogEntry {
  private static final Set<String> FIELDS =
      Set.of(
          "context_window", "input_per_million", "output_per_million", "native_tools", "streaming");

  private CatalogEntry() {}

  static ModelInfo merge(ModelInfo base, JsonNode entry, String where) {
    if (entry == null || !entry.isObject()) {
      throw new DistilleryException(where + " must be an object");
    }
    for (Map.Entry<String, JsonNode> field : entry.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new DistilleryException(
            where
                + " has an unknown field \""
                + field.getKey()
                + "\" (known: context_window, input_per_million, output_per_million,"
                + " native_tools, streaming)");
      }
    }
    Integer window = base.contextWindow();
    if (entry.has("context_window")) {
      JsonNode value = entry.get("context_window");
      if (!value.canConvertToExactIntegral()
          || value.asLong() < 1
          || value.asLong() > Integer.MAX_VALUE) {
        throw new DistilleryException(
            where + ": context_window must be a whole number of tokens >= 1");
      }
      window = value.asInt();
    }
    Pricing.Price price = price(base.price(), entry, where);
    return new ModelInfo(
        base.name(),
        window,
        price,
        flag(entry, "native_tools", base.nativeTools(), where),
        flag(entry, "streaming", base.streaming(), where));
  }

  private static Pricing.Price price(Pricing.Price base, JsonNode entry, String where) {
    Double input =
        number(entry, "input_per_million", base == null ? null : base.inputPerMillion(), where);
    Double output =
        number(entry, "output_per_million", base == null ? null : base.outputPerMillion(), where);
    if (input == null && output == null) {
      return null;
    }
    if (input == null || output == null) {
      throw new DistilleryException(
          where + " needs both input_per_million and output_per_million, or neither");
    }
    return new Pricing.Price(input, output);
  }

  private static Double number(JsonNode entry, String field, Double base, String where) {
    if (!entry.has(field)) {
      return base;
    }
    JsonNode value = entry.get(field);
    if (!value.isNumber() || value.asDouble() < 0) {
      throw new DistilleryException(where + ": " + field + " must be a number of US dollars >= 0");
    }
    return value.asDouble();
  }

  private static boolean flag(JsonNode entry, String field, boolean base, String where) {
    if (!entry.has(field)) {
      return base;
    }
    if (!entry.get(field).isBoolean()) {
      throw new DistilleryException(where + ": " + field + " must be true or false");
    }
    return entry.get(field).asBoolean();
  }
}
