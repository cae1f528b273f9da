package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.annotate.LabelRow;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Csv;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Label files, JSONL or CSV, one label a row: {@code run, step, author, label, tags, comment,
 * created_at}. What {@code distillery labels --out} writes, {@code distillery label --import} reads
 * back; a CSV cell of tags holds them separated by {@code ;}.
 */
final class LabelFile {
  enum Format {
    JSONL,
    CSV;

    /** By the file's extension: {@code .csv} is CSV, anything else JSONL. */
    static Format of(String fileName) {
      return fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }
  }

  static final List<String> COLUMNS =
      List.of("run", "step", "author", "label", "tags", "comment", "created_at");
  private static final Set<String> KNOWN = Set.copyOf(COLUMNS);

  private LabelFile() {}

  /**
   * The file's rows, each with its line; {@code created_at} is read and left out (an imported label
   * is stamped when it is imported).
   *
   * @throws DistilleryException naming the line of a row that cannot be read at all
   */
  static List<LabelRow> read(String text, Format format) {
    return format == Format.CSV ? readCsv(text) : readJsonl(text);
  }

  private static List<LabelRow> readJsonl(String text) {
    List<LabelRow> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int line = i + 1;
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(lines[i]);
      } catch (IOException e) {
        throw bad(line, "not a JSON object");
      }
      if (node == null || !node.isObject()) {
        throw bad(line, "not a JSON object");
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!KNOWN.contains(name)) {
          throw bad(line, "unknown field '" + name + "'");
        }
      }
      rows.add(
          new LabelRow(
              line,
              text(node, "run", line),
              text(node, "label", line),
              tags(node.get("tags"), line),
              text(node, "comment", line),
              text(node, "author", line),
              text(node, "step", line)));
    }
    return rows;
  }

  private static String text(JsonNode node, String name, int line) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw bad(line, name + " must be a string");
    }
    return value.asText();
  }

  private static List<String> tags(JsonNode value, int line) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return split(value.asText());
    }
    if (!value.isArray()) {
      throw bad(line, "tags must be an array of strings");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        throw bad(line, "tags must be an array of strings");
      }
      tags.add(tag.asText());
    }
    return tags;
  }

  private static List<LabelRow> readCsv(String text) {
    List<CsvReader.Record> records = CsvReader.records(text);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0).cells().stream().map(String::strip).toList();
    for (String name : header) {
      if (!KNOWN.contains(name)) {
        throw bad(records.get(0).line(), "unknown column '" + name + "'");
      }
    }
    List<LabelRow> rows = new ArrayList<>();
    for (CsvReader.Record record : records.subList(1, records.size())) {
      if (record.cells().size() != header.size()) {
        throw bad(
            record.line(), record.cells().size() + " cells where the header has " + header.size());
      }
      rows.add(
          new LabelRow(
              record.line(),
              cell(record, header, "run"),
              cell(record, header, "label"),
              split(cell(record, header, "tags")),
              cell(record, header, "comment"),
              cell(record, header, "author"),
              cell(record, header, "step")));
    }
    return rows;
  }

  private static String cell(CsvReader.Record record, List<String> header, String name) {
    int index = header.indexOf(name);
    if (index < 0 || record.cells().get(index).isEmpty()) {
      return null;
    }
    return record.cells().get(index);
  }

  private static List<String> split(String tags) {
    if (tags == null || tags.isBlank()) {
      return List.of();
    }
    return Arrays.stream(tags.split(";")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  /** The rows as the format writes them, header first for CSV. */
  static String write(List<Annotation> labels, Format format) {
    if (format == Format.CSV) {
      List<List<String>> rows = new ArrayList<>();
      for (Annotation a : labels) {
        if (a.tags().stream().anyMatch(tag -> tag.contains(";"))) {
          throw new DistilleryException(
              "run "
                  + a.runId()
                  + " has a tag with ';' in it, which a CSV label file cannot hold: use .jsonl");
        }
        rows.add(
            Arrays.asList(
                a.runId(),
                a.eventId(),
                a.author(),
                a.label(),
                String.join(";", a.tags()),
                a.comment(),
                a.createdAt().toString()));
      }
      return Csv.text(COLUMNS, rows);
    }
    StringBuilder out = new StringBuilder();
    for (Annotation a : labels) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("run", a.runId());
      node.put("step", a.eventId());
      node.put("author", a.author());
      node.put("label", a.label());
      ArrayNode tags = node.putArray("tags");
      a.tags().forEach(tags::add);
      node.put("comment", a.comment());
      node.put("created_at", a.createdAt().toString());
      out.append(node).append('\n');
    }
    return out.toString();
  }

  private static DistilleryException bad(int line, String reason) {
    return new DistilleryException("line " + line + ": " + reason);
  }
}
