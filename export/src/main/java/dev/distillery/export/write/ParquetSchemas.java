package dev.distillery.export.write;

import dev.distillery.export.ExportFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Parquet column layout of each format, as Avro schemas. A message is one JSON column holding
 * exactly the object of the JSONL line (Parquet's JSON type: Hugging Face {@code datasets} decodes
 * it, as it decodes the JSONL's messages, so both load as the same dicts and a chat template
 * renders the same text from either); a struct would give every message every field, null-filled,
 * and arguments as text. {@code tools}, and ATIF's nested parts, are JSON columns the same way.
 * ShareGPT's turns, whose fields never vary, are structs; raw keeps its JSON-text columns as
 * strings, as its JSONL does, and its times as timestamps.
 */
final class ParquetSchemas {
  private static final String NAMESPACE = "dev.distillery.export";
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private static final Schema JSON = JsonColumns.json();
  private static final Schema INT = Schema.create(Schema.Type.INT);
  private static final Schema LONG = Schema.create(Schema.Type.LONG);
  private static final Schema TIMESTAMP =
      LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  private static final Schema MESSAGES = Schema.createArray(JSON);
  private static final Schema TURN =
      record("Turn", field("from", STRING), field("value", optional(STRING)));

  private ParquetSchemas() {}

  static Schema of(ExportFormat format) {
    return switch (format) {
      case OPENAI ->
          record(
              "OpenAiRow",
              field("messages", MESSAGES),
              field("tools", optional(JSON)),
              field("parallel_tool_calls", optional(Schema.create(Schema.Type.BOOLEAN))));
      case OPENAI_DPO ->
          record(
              "OpenAiPreferenceRow",
              field(
                  "input",
                  record("Input", field("messages", MESSAGES), field("tools", optional(JSON)))),
              field("preferred_output", MESSAGES),
              field("non_preferred_output", MESSAGES));
      case TRL_SFT ->
          record("TrlSftRow", field("messages", MESSAGES), field("tools", optional(JSON)));
      case TRL_KTO ->
          record(
              "TrlKtoRow",
              field("prompt", MESSAGES),
              field("completion", MESSAGES),
              field("label", Schema.create(Schema.Type.BOOLEAN)),
              field("tools", optional(JSON)));
      case TRL_DPO ->
          record(
              "TrlDpoRow",
              field("prompt", MESSAGES),
              field("chosen", MESSAGES),
              field("rejected", MESSAGES),
              field("tools", optional(JSON)));
      case SHAREGPT ->
          record(
              "ShareGptRow",
              field("conversations", Schema.createArray(TURN)),
              field("system", optional(STRING)),
              field("tools", optional(STRING)));
      case ATIF ->
          record(
              "AtifRow",
              field("schema_version", STRING),
              field("session_id", STRING),
              field("agent", optional(JSON)),
              field("steps", optional(JSON)),
              field("final_metrics", optional(JSON)),
              field("extra", optional(JSON)));
      case RAW -> raw();
    };
  }

  /**
   * The raw row: every run field; messages as JSON; tools, metadata, annotations and events as JSON
   * text in string columns, as in the JSONL; started_at and ended_at as timestamps.
   */
  private static Schema raw() {
    List<Schema.Field> fields = new ArrayList<>();
    strings(fields, "run_id", "suite_run_id", "task_id");
    fields.add(field("attempt", optional(INT)));
    strings(fields, "prompt", "model", "provider", "mode");
    fields.add(field("messages", MESSAGES));
    strings(fields, "tools", "status", "outcome", "reason");
    fields.add(field("turns", optional(INT)));
    strings(fields, "check_status", "check_command");
    fields.add(field("check_exit_code", optional(INT)));
    strings(fields, "check_output", "label", "label_source", "human_label");
    fields.add(field("labelers", optional(Schema.createArray(STRING))));
    strings(fields, "annotations");
    fields.add(field("started_at", optional(TIMESTAMP)));
    fields.add(field("ended_at", optional(TIMESTAMP)));
    fields.add(field("prompt_tokens", optional(LONG)));
    fields.add(field("completion_tokens", optional(LONG)));
    fields.add(field("cost_usd", optional(Schema.create(Schema.Type.DOUBLE))));
    strings(fields, "parent_run_id", "parent_event_id", "working_dir", "metadata", "events");
    return Schema.createRecord("RawRow", null, NAMESPACE, false, fields);
  }

  private static void strings(List<Schema.Field> fields, String... names) {
    for (String name : names) {
      fields.add(field(name, optional(STRING)));
    }
  }

  private static Schema record(String name, Schema.Field... fields) {
    return Schema.createRecord(name, null, NAMESPACE, false, List.of(fields));
  }

  private static Schema.Field field(String name, Schema schema) {
    return new Schema.Field(
        name, schema, null, schema.isUnion() ? Schema.Field.NULL_DEFAULT_VALUE : null);
  }

  private static Schema optional(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }
}
