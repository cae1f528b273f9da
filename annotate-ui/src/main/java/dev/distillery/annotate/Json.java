package dev.distillery.annotate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one {@link ObjectMapper}: instants as ISO text, enums in lower case. */
final class Json {
  static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    return new ObjectMapper().registerModule(module());
  }

  /**
   * Instants as ISO text both ways, enums written in lower case; the dates and times a query's rows
   * hold ({@code LocalDateTime}, {@code LocalDate}) as ISO text, as they print.
   */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("distillery");
    module.addSerializer(Instant.class, ToStringSerializer.instance);
    module.addSerializer(LocalDateTime.class, ToStringSerializer.instance);
    module.addSerializer(LocalDate.class, ToStringSerializer.instance);
    module.addDeserializer(Instant.class, new InstantText());
    module.addSerializer(new LowerCaseEnums());
    return module;
  }

  private static final class InstantText extends StdDeserializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
      try {
        return Instant.parse(in.getValueAsString(""));
      } catch (DateTimeParseException e) {
        return (Instant)
            context.handleWeirdStringValue(Instant.class, in.getText(), "not an ISO-8601 instant");
      }
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class LowerCaseEnums extends StdSerializer<Enum> {
    LowerCaseEnums() {
      super(Enum.class);
    }

    @Override
    public void serialize(Enum value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(value.name().toLowerCase(Locale.ROOT));
    }
  }

  /** JSON text indented for reading; the text unchanged when it is not valid JSON. */
  static String pretty(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node == null ? json : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  static boolean valid(String json) {
    try {
      return MAPPER.readTree(json) != null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** An event with its kind spelled out, for the API. */
  static Map<String, Object> event(TraceEvent event) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", event.id());
    out.put("seq", event.seq());
    out.put("kind", event.kind());
    out.put("parentId", event.parentId());
    out.put("timestamp", event.timestamp());
    out.put("durationMs", event.durationMs());
    out.put("payload", event.payload());
    return out;
  }
}
