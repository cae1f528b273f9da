package dev.distillery.export.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.export.format.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A JSON row as an Avro record of a given schema. Where the schema wants a string and the row has
 * an object or a list (a message, tools), the JSON text goes in; a timestamp takes the row's ISO
 * instant.
 */
final class AvroRows {
  private AvroRows() {}

  static Object convert(Schema schema, JsonNode node) {
    switch (schema.getType()) {
      case UNION -> {
        if (node == null || node.isNull() || node.isMissingNode()) {
          return null;
        }
        return convert(schema.getTypes().get(1), node);
      }
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(
              field.name(), convert(field.schema(), node == null ? null : node.get(field.name())));
        }
        return record;
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        if (node != null) {
          for (JsonNode item : node) {
            items.add(convert(schema.getElementType(), item));
          }
        }
        return items;
      }
      case STRING -> {
        if (node == null || node.isNull()) {
          return "";
        }
        return node.isTextual() && !JsonColumns.isJson(schema) ? node.asText() : Json.write(node);
      }
      case INT -> {
        return node == null ? 0 : node.asInt();
      }
      case LONG -> {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMicros && node != null) {
          Instant at = Instant.parse(node.asText());
          return Math.addExact(
              Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
        }
        return node == null ? 0L : node.asLong();
      }
      case DOUBLE -> {
        return node == null ? 0.0 : node.asDouble();
      }
      case BOOLEAN -> {
        return node != null && node.asBoolean();
      }
      default -> throw new IllegalStateException("no conversion for " + schema.getType());
    }
  }
}
