package dev.distillery.store;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps the {@code runs} row in step with the run's events: {@code run_started} inserts it, {@code
 * check_result} and {@code run_finished} update it ({@code run_finished} with the run's search
 * columns, which {@code run_resumed} clears). Prepared once on the writer's connection.
 */
final class RunUpdates implements AutoCloseable {
  private static final String FINISH =
      "UPDATE runs SET status = ?, outcome = ?, reason = ?, ended_at = ?, turns = ?,"
          + " prompt_tokens = ?, completion_tokens = ?, cost_usd = ?, search_text = ?,"
          + " search_words = ? WHERE id = ?";
  private static final String CHECK =
      "UPDATE runs SET check_status = ?, check_command = ?, check_exit_code = ?, check_output = ?,"
          + " check_duration_ms = ? WHERE id = ?";

  private static final String RESUME =
      "UPDATE runs SET status = 'running', outcome = NULL, reason = NULL, ended_at = NULL,"
          + " search_text = NULL, search_words = NULL WHERE id = ?";

  private static final String SEARCH =
      "UPDATE runs SET search_text = ?, search_words = ? WHERE id = ?";

  private final PreparedStatement insert;
  private final PreparedStatement resume;
  private final PreparedStatement finish;
  private final PreparedStatement check;
  private final PreparedStatement search;

  RunUpdates(Connection connection) throws SQLException {
    this.insert = connection.prepareStatement(RunRow.INSERT);
    this.finish = connection.prepareStatement(FINISH);
    this.check = connection.prepareStatement(CHECK);
    this.resume = connection.prepareStatement(RESUME);
    this.search = connection.prepareStatement(SEARCH);
  }

  /** What an event does to its {@code runs} row. */
  enum Effect {
    STARTS,
    CHECKS,
    FINISHES,
    RESUMES,
    NONE
  }

  /** Each kind's effect on the {@code runs} row: the one place a new kind is placed here. */
  static Effect effect(EventKind kind) {
    return switch (kind) {
      case RUN_STARTED -> Effect.STARTS;
      case CHECK_RESULT -> Effect.CHECKS;
      case RUN_FINISHED -> Effect.FINISHES;
      case RUN_RESUMED -> Effect.RESUMES;
      case STATE_CHANGED,
          MODEL_REQUEST,
          MODEL_RESPONSE,
          TOOL_CALL,
          TOOL_RESULT,
          ERROR,
          POLICY_DECISION,
          APPROVAL,
          HOOK_RESULT,
          SKILL_RUN,
          COMPACTION,
          CHECKPOINT,
          EXAMPLES_RETRIEVED ->
          Effect.NONE;
    };
  }

  /** Whether {@link #apply} has anything to do for this event. */
  static boolean touchesRun(TraceEvent event) {
    return effect(event.kind()) != Effect.NONE;
  }

  /**
   * @param finished the run's search columns, written when the event is its {@code run_finished}
   */
  void apply(TraceEvent event, SearchText finished) throws SQLException {
    switch (effect(event.kind())) {
      case STARTS -> start(event, ((RunStarted) event.payload()).spec());
      case CHECKS -> check(event.runId(), ((CheckFinished) event.payload()).result());
      case FINISHES -> finish(event, (RunFinished) event.payload(), finished);
      case RESUMES -> resume(event.runId());
      case NONE -> {}
    }
  }

  private void start(TraceEvent event, RunSpec spec) throws SQLException {
    RunRow.started(event, spec).bindTo(insert);
    insert.executeUpdate();
  }

  private void finish(TraceEvent event, RunFinished finished, SearchText columns)
      throws SQLException {
    finish.setString(1, finished.status().wire());
    finish.setString(2, finished.outcome());
    finish.setString(3, finished.reason());
    finish.setObject(4, Jdbc.utc(event.timestamp()));
    finish.setInt(5, finished.turns());
    finish.setLong(6, finished.usage().promptTokens());
    finish.setLong(7, finished.usage().completionTokens());
    finish.setObject(8, finished.costUsd());
    finish.setString(9, columns.text());
    finish.setString(10, columns.words());
    finish.setString(11, event.runId());
    requireRun(finish.executeUpdate(), event.runId());
    if (finished.check() != null) {
      check(event.runId(), finished.check());
    }
  }

  /** A resumed run is running again; its check and totals are set when it finishes again. */
  private void resume(String runId) throws SQLException {
    resume.setString(1, runId);
    requireRun(resume.executeUpdate(), runId);
  }

  /** Sets a run's search columns alone: for a run whose row was appended before they were known. */
  void search(String runId, SearchText columns) throws SQLException {
    search.setString(1, columns.text());
    search.setString(2, columns.words());
    search.setString(3, runId);
    requireRun(search.executeUpdate(), runId);
  }

  private void check(String runId, CheckResult result) throws SQLException {
    check.setString(1, result.status().wire());
    check.setString(2, result.command());
    check.setObject(3, result.exitCode());
    check.setString(4, result.output());
    check.setLong(5, result.durationMs());
    check.setString(6, runId);
    requireRun(check.executeUpdate(), runId);
  }

  private static void requireRun(int updated, String runId) {
    if (updated == 0) {
      throw new StoreException("run " + runId + " was never started: it has no run_started event");
    }
  }

  @Override
  public void close() throws SQLException {
    try (insert;
        finish;
        check;
        resume;
        search) {
      // closes all five
    }
  }
}
