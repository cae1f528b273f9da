package dev.distillery.trace.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The one JSON encoding of trace events, for every module that writes or reads one (the store's
 * {@code data} column, the ingest wire, the JSON API). A payload is its record's fields by their
 * Java names ({@code toolName}, {@code argumentsJson}); enums are written in lower case as stored
 * ({@code model_request}, {@code succeeded}) and read in any case; instants are ISO-8601 text. An
 * event is {@link #EVENT_FIELDS} around its payload.
 *
 * <p>Each module keeps its one {@link ObjectMapper}, made from {@link #builder()}, and adds only
 * how strictly it reads: the store reads what it wrote, the server refuses unknown fields.
 */
public final class TraceJson {
  /** An event's fields on the wire, in the order they are written. */
  public static final List<String> EVENT_FIELDS =
      List.of("id", "runId", "parentId", "seq", "timestamp", "durationMs", "kind", "payload");

  private TraceJson() {}

  /** A mapper builder that writes and reads the encoding. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .addModule(module())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
  }

  /**
   * Instants as ISO text both ways, enums written in lower case; the dates and times a query's rows
   * hold ({@code LocalDateTime}, {@code LocalDate}) as ISO text, as they print.
   */
  public static SimpleModule module() {
    SimpleModule module = new SimpleModule("distillery");
    module.addSerializer(Instant.class, ToStringSerializer.instance);
    module.addSerializer(LocalDateTime.class, ToStringSerializer.instance);
    module.addSerializer(LocalDate.class, ToStringSerializer.instance);
    module.addDeserializer(Instant.class, new InstantText());
    module.addSerializer(new LowerCaseEnums());
    return module;
  }

  /** An event as a JSON object: {@link #EVENT_FIELDS}, the payload as its record's fields. */
  public static ObjectNode event(ObjectMapper mapper, TraceEvent event) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", event.id());
    node.put("runId", event.runId());
    node.put("parentId", event.parentId());
    node.put("seq", event.seq());
    node.put("timestamp", event.timestamp().toString());
    node.put("durationMs", event.durationMs());
    node.put("kind", event.kind().wire());
    node.set("payload", mapper.valueToTree(event.payload()));
    return node;
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
}
