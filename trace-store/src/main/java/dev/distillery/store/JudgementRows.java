package dev.distillery.store;

import dev.distillery.trace.Judgement;
import dev.distillery.trace.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code judgements} table: insert and the row-to-{@link Judgement} mapping. */
final class JudgementRows {
  static final String SELECT =
      "SELECT id, run_id, author, model, rubric_hash, label, tags, reason, step, error,"
          + " request::VARCHAR AS request, response::VARCHAR AS response, prompt_tokens,"
          + " completion_tokens, cost_usd, retries, annotation_id, created_at FROM judgements"
          + " WHERE run_id = ? ORDER BY created_at, id";

  /** The runs an author graded with a verdict under a rubric. */
  static final String GRADED =
      "SELECT DISTINCT run_id FROM judgements WHERE author = ? AND rubric_hash = ?"
          + " AND label IS NOT NULL";

  /** Every tag an annotation carries, people's and judges'. */
  static final String TAGS =
      "SELECT DISTINCT tag FROM (SELECT unnest(tags) AS tag FROM annotations) ORDER BY tag";

  private static final String INSERT =
      "INSERT INTO judgements (id, run_id, author, model, rubric_hash, label, tags, reason, step,"
          + " error, request, response, prompt_tokens, completion_tokens, cost_usd, retries,"
          + " annotation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?)";

  private JudgementRows() {}

  static void insert(Connection connection, Judgement j) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, j.id());
      insert.setString(2, j.runId());
      insert.setString(3, j.author());
      insert.setString(4, j.model());
      insert.setString(5, j.rubricHash());
      insert.setString(6, j.label());
      insert.setArray(7, connection.createArrayOf("VARCHAR", j.tags().toArray()));
      insert.setString(8, j.reason());
      insert.setString(9, j.step());
      insert.setString(10, j.error());
      insert.setString(11, j.requestJson());
      insert.setString(12, j.responseJson());
      insert.setLong(13, j.usage().promptTokens());
      insert.setLong(14, j.usage().completionTokens());
      insert.setObject(15, j.costUsd());
      insert.setInt(16, j.retries());
      insert.setString(17, j.annotationId());
      insert.setObject(18, Jdbc.utc(j.createdAt()));
      insert.executeUpdate();
    }
  }

  static Judgement map(ResultSet row, Columns c) throws SQLException {
    return new Judgement(
        c.text(row, "id"),
        c.text(row, "run_id"),
        c.text(row, "author"),
        c.text(row, "model"),
        c.text(row, "rubric_hash"),
        c.text(row, "label"),
        AnnotationRows.tags(row.getArray(c.of("tags"))),
        c.text(row, "reason"),
        c.text(row, "step"),
        c.text(row, "error"),
        c.text(row, "request"),
        c.text(row, "response"),
        new Usage(row.getLong(c.of("prompt_tokens")), row.getLong(c.of("completion_tokens"))),
        Jdbc.nullableDouble(row, c.of("cost_usd")),
        row.getInt(c.of("retries")),
        c.text(row, "annotation_id"),
        c.instant(row, "created_at"));
  }
}
