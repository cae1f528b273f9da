package dev.distillery.store;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;

/**
 * One row of the {@code runs} table, in column order, as a batch builds it: started by its {@code
 * run_started} event, then checked and finished by later events of the same batch.
 */
record RunRow(
    String id,
    String suiteRunId,
    String taskId,
    String taskPrompt,
    String model,
    String provider,
    String mode,
    int attempt,
    String status,
    String outcome,
    String reason,
    LocalDateTime startedAt,
    LocalDateTime endedAt,
    int turns,
    long promptTokens,
    long completionTokens,
    Double costUsd,
    String parentRunId,
    String parentEventId,
    String workingDir,
    String metadata,
    String checkStatus,
    String checkCommand,
    Integer checkExitCode,
    String checkOutput,
    Long checkDurationMs) {
  static final String INSERT =
      "INSERT INTO runs (id, suite_run_id, task_id, task_prompt, model, provider, mode, attempt,"
          + " status, outcome, reason, started_at, ended_at, turns, prompt_tokens,"
          + " completion_tokens, cost_usd, parent_run_id, parent_event_id, working_dir, metadata,"
          + " check_status, check_command, check_exit_code, check_output, check_duration_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static RunRow started(TraceEvent event, RunSpec spec) {
    return new RunRow(
        event.runId(),
        spec.suiteRunId(),
        spec.taskId(),
        spec.taskPrompt(),
        spec.model(),
        spec.provider(),
        spec.mode(),
        spec.attempt(),
        RunStatus.RUNNING.wire(),
        null,
        null,
        Jdbc.utc(event.timestamp()),
        null,
        0,
        0,
        0,
        null,
        spec.parentRunId(),
        spec.parentEventId(),
        spec.workingDirectory(),
        spec.metadataJson(),
        null,
        null,
        null,
        null,
        null);
  }

  RunRow finished(TraceEvent event, RunFinished finished) {
    RunRow row =
        new RunRow(
            id,
            suiteRunId,
            taskId,
            taskPrompt,
            model,
            provider,
            mode,
            attempt,
            finished.status().wire(),
            finished.outcome(),
            finished.reason(),
            startedAt,
            Jdbc.utc(event.timestamp()),
            finished.turns(),
            finished.usage().promptTokens(),
            finished.usage().completionTokens(),
            finished.costUsd(),
            parentRunId,
            parentEventId,
            workingDir,
            metadata,
            checkStatus,
            checkCommand,
            checkExitCode,
            checkOutput,
            checkDurationMs);
    return finished.check() == null ? row : row.checked(finished.check());
  }

  /** Running again, as {@code run_resumed} leaves it. */
  RunRow resumed() {
    return new RunRow(
        id,
        suiteRunId,
        taskId,
        taskPrompt,
        model,
        provider,
        mode,
        attempt,
        "running",
        null,
        null,
        startedAt,
        null,
        turns,
        promptTokens,
        completionTokens,
        costUsd,
        parentRunId,
        parentEventId,
        workingDir,
        metadata,
        checkStatus,
        checkCommand,
        checkExitCode,
        checkOutput,
        checkDurationMs);
  }

  RunRow checked(CheckResult check) {
    return new RunRow(
        id,
        suiteRunId,
        taskId,
        taskPrompt,
        model,
        provider,
        mode,
        attempt,
        status,
        outcome,
        reason,
        startedAt,
        endedAt,
        turns,
        promptTokens,
        completionTokens,
        costUsd,
        parentRunId,
        parentEventId,
        workingDir,
        metadata,
        check.status().wire(),
        check.command(),
        check.exitCode(),
        check.output(),
        check.durationMs());
  }

  /** Appends the row with its search columns ({@link SearchText#NONE} while the run runs). */
  void appendTo(DuckDBAppender appender, SearchText search) throws SQLException {
    appender.beginRow();
    appender.append(id);
    appender.append(suiteRunId);
    appender.append(taskId);
    appender.append(taskPrompt);
    appender.append(model);
    appender.append(provider);
    appender.append(mode);
    appender.append(attempt);
    appender.append(status);
    appender.append(outcome);
    appender.append(reason);
    appender.append(startedAt);
    appender.append(endedAt);
    appender.append(turns);
    appender.append(promptTokens);
    appender.append(completionTokens);
    appender.append(costUsd);
    appender.append(parentRunId);
    appender.append(parentEventId);
    appender.append(workingDir);
    appender.append(metadata);
    appender.append(checkStatus);
    appender.append(checkCommand);
    appender.append(checkExitCode);
    appender.append(checkOutput);
    appender.append(checkDurationMs);
    appender.append(search.text());
    appender.append(search.words());
    appender.endRow();
  }

  void bindTo(PreparedStatement insert) throws SQLException {
    Object[] columns = {
      id,
      suiteRunId,
      taskId,
      taskPrompt,
      model,
      provider,
      mode,
      attempt,
      status,
      outcome,
      reason,
      startedAt,
      endedAt,
      turns,
      promptTokens,
      completionTokens,
      costUsd,
      parentRunId,
      parentEventId,
      workingDir,
      metadata,
      checkStatus,
      checkCommand,
      checkExitCode,
      checkOutput,
      checkDurationMs
    };
    for (int i = 0; i < columns.length; i++) {
      insert.setObject(i + 1, columns[i]);
    }
  }
}
