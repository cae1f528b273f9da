package dev.distillery.cli;

import dev.distillery.trace.DistilleryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as {@link dev.distillery.trace.Csv} writes it (RFC 4180): cells split by commas, a cell
 * in double quotes may hold commas, doubled quotes and line breaks. Blank lines are skipped.
 */
final class CsvReader {
  /** One record, with the line it starts on (1 on). */
  record Record(int line, List<String> cells) {}

  private CsvReader() {}

  static List<Record> records(String text) {
    List<Record> records = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int start = 1;
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || cell.length() > 0) {
          cells.add(cell.toString());
          records.add(new Record(start, List.copyOf(cells)));
        }
        cells.clear();
        cell.setLength(0);
        any = false;
        line++;
        start = line;
      } else {
        cell.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new DistilleryException("line " + start + ": a quoted cell is never closed");
    }
    if (any || cell.length() > 0) {
      cells.add(cell.toString());
      records.add(new Record(start, List.copyOf(cells)));
    }
    return records;
  }
}
