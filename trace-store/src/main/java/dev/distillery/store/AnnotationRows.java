package dev.distillery.store;

import dev.distillery.trace.Annotation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code annotations} table: insert and the row-to-{@link Annotation} mapping. */
final class AnnotationRows {
  static final String SELECT =
      "SELECT id, run_id, event_id, author, label, tags, comment, created_at FROM annotations"
          + " WHERE run_id = ? ORDER BY created_at, id";
  private static final String INSERT =
      "INSERT INTO annotations (id, run_id, event_id, author, label, tags, comment, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private AnnotationRows() {}

  static void insert(Connection connection, Annotation annotation) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, annotation.id());
      insert.setString(2, annotation.runId());
      insert.setString(3, annotation.eventId());
      insert.setString(4, annotation.author());
      insert.setString(5, annotation.label());
      insert.setArray(6, connection.createArrayOf("VARCHAR", annotation.tags().toArray()));
      insert.setString(7, annotation.comment());
      insert.setObject(8, Jdbc.utc(annotation.createdAt()));
      insert.executeUpdate();
    }
  }

  /** The annotations of these runs, oldest first per run. */
  static Map<String, List<Annotation>> ofRuns(Connection connection, List<String> runIds)
      throws SQLException {
    String in = "(" + String.join(", ", Collections.nCopies(runIds.size(), "?")) + ")";
    Map<String, List<Annotation>> byRun = new LinkedHashMap<>();
    for (Annotation annotation :
        Jdbc.mapped(
            connection,
            "SELECT id, run_id, event_id, author, label, tags, comment, created_at FROM annotations"
                + " WHERE run_id IN "
                + in
                + " ORDER BY created_at, id",
            runIds,
            AnnotationRows::map)) {
      byRun.computeIfAbsent(annotation.runId(), k -> new ArrayList<>()).add(annotation);
    }
    return byRun;
  }

  /** Reads a row of the annotations table, its columns found by name once in {@code c}. */
  static Annotation map(ResultSet row, Columns c) throws SQLException {
    return new Annotation(
        c.text(row, "id"),
        c.text(row, "run_id"),
        c.text(row, "event_id"),
        c.text(row, "author"),
        c.text(row, "label"),
        tags(row.getArray(c.of("tags"))),
        c.text(row, "comment"),
        c.instant(row, "created_at"));
  }

  /** A SQL array of tags as strings; empty for NULL. */
  static List<String> tags(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    for (Object tag : (Object[]) array.getArray()) {
      tags.add(String.valueOf(tag));
    }
    return tags;
  }
}
