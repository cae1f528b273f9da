package dev.distillery.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.util.Locale;

/** The store's one ObjectMapper. Enums are written in lower case, as in the table columns. */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(lowerCaseEnums())
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

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

  private static SimpleModule lowerCaseEnums() {
    SimpleModule module = new SimpleModule("distillery-enums");
    lowerCase(module, RunStatus.class);
    lowerCase(module, Role.class);
    lowerCase(module, CheckStatus.class);
    lowerCase(module, EventKind.class);
    return module;
  }

  private static <E extends Enum<E>> void lowerCase(SimpleModule module, Class<E> type) {
    module.addSerializer(
        type,
        new JsonSerializer<E>() {
          @Override
          public void serialize(E value, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            out.writeString(value.name().toLowerCase(Locale.ROOT));
          }
        });
  }
}
