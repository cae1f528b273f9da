package dev.distillery.store;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Objects;
import org.duckdb.DuckDBAppender;

/**
 * One row of the {@code runs} table, as a batch builds it: started by its {@code run_started}
 * event, then checked and finished by later events of the same batch. Its columns, in table order,
 * are {@link RunColumn}'s.
 *
 * @param check the task's check, or null while there is none
 */
record RunRow(
    String id, RunSpec spec, LocalDateTime startedAt, Progress progress, CheckResult check) {
  static final String INSERT =
      "INSERT INTO runs ("
          + RunColumn.names()
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(RunColumn.ALL.size(), "?"))
          + ")";

  RunRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(progress, "progress");
  }

  /** How far the run has come: running, or how it ended. */
  record Progress(
      String status,
      String outcome,
      String reason,
      LocalDateTime endedAt,
      int turns,
      Usage usage,
      Double costUsd) {
    static final Progress RUNNING =
        new Progress(RunStatus.RUNNING.wire(), null, null, null, 0, Usage.ZERO, null);
  }

  static RunRow started(TraceEvent event, RunSpec spec) {
    return new RunRow(event.runId(), spec, Jdbc.utc(event.timestamp()), Progress.RUNNING, null);
  }

  RunRow finished(TraceEvent event, RunFinished finished) {
    Progress ended =
        new Progress(
            finished.status().wire(),
            finished.outcome(),
            finished.reason(),
            Jdbc.utc(event.timestamp()),
            finished.turns(),
            finished.usage(),
            finished.costUsd());
    RunRow row = new RunRow(id, spec, startedAt, ended, check);
    return finished.check() == null ? row : row.checked(finished.check());
  }

  /** Running again, as {@code run_resumed} leaves it: its turns, tokens and cost kept. */
  RunRow resumed() {
    Progress running =
        new Progress(
            RunStatus.RUNNING.wire(),
            null,
            null,
            null,
            progress.turns(),
            progress.usage(),
            progress.costUsd());
    return new RunRow(id, spec, startedAt, running, check);
  }

  RunRow checked(CheckResult check) {
    return new RunRow(id, spec, startedAt, progress, check);
  }

  /** Appends the row with its search columns ({@link SearchText#NONE} while the run runs). */
  void appendTo(DuckDBAppender appender, SearchText search) throws SQLException {
    appender.beginRow();
    for (RunColumn column : RunColumn.ALL) {
      append(appender, column.of(this));
    }
    appender.append(search.text());
    appender.append(search.words());
    appender.endRow();
  }

  private static void append(DuckDBAppender appender, Object value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else if (value instanceof String text) {
      appender.append(text);
    } else if (value instanceof Integer number) {
      appender.append((int) number);
    } else if (value instanceof Long number) {
      appender.append((long) number);
    } else if (value instanceof Double number) {
      appender.append((double) number);
    } else if (value instanceof LocalDateTime time) {
      appender.append(time);
    } else {
      throw new IllegalStateException("no appender for " + value.getClass());
    }
  }

  void bindTo(PreparedStatement insert) throws SQLException {
    for (int i = 0; i < RunColumn.ALL.size(); i++) {
      insert.setObject(i + 1, RunColumn.ALL.get(i).of(this));
    }
  }
}
