package dev.distillery.export.write;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;

/**
 * The dataset card's notes on what each column holds, and on the choices a format forces (how
 * preference outputs are chosen, where ShareGPT keeps text beside calls); see docs/export.md.
 */
final class CardNotes {
  private CardNotes() {}

  static void append(StringBuilder card, ExportOptions options) {
    ExportFormat format = options.format();
    card.append("\n## Columns\n\n");
    switch (format) {
      case OPENAI, OPENAI_DPO ->
          card.append(
              "- tool-call `arguments`: the JSON text the model wrote (a string, as OpenAI wants)\n");
      case TRL_SFT, TRL_KTO, TRL_DPO ->
          card.append(
              "- tool-call `arguments`: a JSON object; calls carry `id`, tool results `name` and"
                  + " `tool_call_id`\n");
      case SHAREGPT ->
          card.append(
              "- `function_call` turns: `{\"name\",\"arguments\"}` as JSON text (a list for parallel"
                  + " calls); text written beside the calls comes first as"
                  + " `<think>\\n...\\n</think>\\n\\n`\n- `tools`: JSON text; `system`: text\n");
      case ATIF, RAW -> {}
    }
    if (options.parquet()) {
      parquet(card, format);
    }
    if (format == ExportFormat.RAW) {
      card.append("- `tools`, `annotations`, `events`, `metadata`: JSON text in string columns\n");
    }
    if (format == ExportFormat.OPENAI_DPO) {
      card.append(
          "- `input`: the history both attempts share (tool-call ids aside), up to the first"
              + " assistant turn where they part; `preferred_output` and `non_preferred_output`:"
              + " each attempt's turn there\n");
    }
    if (format == ExportFormat.TRL_DPO) {
      card.append(
          "- `prompt`: the request, or for forks of one run the history up to the fork;"
              + " `chosen` and `rejected`: each attempt's whole rest of the conversation\n");
    }
  }

  private static void parquet(StringBuilder card, ExportFormat format) {
    switch (format) {
      case SHAREGPT -> card.append("- Parquet: `conversations` is a list of `{from, value}`\n");
      case ATIF ->
          card.append(
              "- Parquet: `agent`, `steps`, `final_metrics`, `extra` are JSON columns (Parquet"
                  + " JSON type), the objects of the JSONL\n");
      case RAW ->
          card.append(
              "- Parquet: each message is a JSON column (Parquet JSON type);"
                  + " `started_at`, `ended_at` are UTC timestamps\n");
      default ->
          card.append(
              "- Parquet: each message, and `tools`, is a JSON column (Parquet JSON type) holding"
                  + " exactly the object of the JSONL line; Hugging Face `datasets` decodes it to"
                  + " the same dicts as the JSONL, so chat templates render the same text. Readers"
                  + " without the JSON type see JSON text: `json.loads` each message\n");
    }
  }
}
