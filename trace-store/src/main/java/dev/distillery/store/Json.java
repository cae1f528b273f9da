package dev.distillery.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.distillery.trace.json.TraceJson;
import java.io.IOException;

/**
 * The store's one ObjectMapper, in the events' one encoding ({@link TraceJson}): enums in lower
 * case, as in the table columns. It reads what an older version wrote: unknown fields are skipped.
 */
final class Json {
  static final ObjectMapper MAPPER =
      TraceJson.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "could not write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * A reader per type, made once: {@code MAPPER.readValue} looks the root deserializer up in a
   * shared cache and builds a context on every call, which shows when a stream reads millions.
   */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return MAPPER.readerFor(type);
        }
      };

  /** A stored JSON text's value, read from its UTF-8 bytes: no string is made for the text. */
  static <T> T read(byte[] json, Class<T> type) {
    try {
      return READERS.get(type).readValue(json);
    } catch (IOException e) {
      throw new StoreException("stored JSON is not a valid " + type.getSimpleName(), e);
    }
  }

  /** A reader made once for a type that {@link #read(byte[], ObjectReader)} uses many times. */
  static ObjectReader reader(TypeReference<?> type) {
    return MAPPER.readerFor(type);
  }

  static <T> T read(byte[] json, ObjectReader reader) {
    try {
      return reader.readValue(json);
    } catch (IOException e) {
      throw new StoreException("stored JSON is not a valid " + reader.getValueType(), e);
    }
  }
}
