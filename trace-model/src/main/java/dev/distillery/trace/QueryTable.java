package dev.distillery.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a user's read-only SQL returned, in the terminal, on the SQL page and over serve's API.
 * Values are plain Java: {@code String}, numbers, {@code Boolean}, {@code LocalDateTime} (UTC) and
 * {@code LocalDate}, {@code List} for DuckDB lists, {@code Map} (names to values) for structs and
 * maps, JSON as its text, a BLOB as DuckDB prints it ({@code \xAB} for a byte that is not
 * printable), anything else (times, UUIDs, intervals) as its string form, and null.
 *
 * @param truncated whether more rows than {@code rows} matched
 */
public record QueryTable(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public QueryTable {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      // rows hold nulls, which List.copyOf refuses
      copy.add(Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(row, "row"))));
    }
    rows = Collections.unmodifiableList(copy);
  }
}
