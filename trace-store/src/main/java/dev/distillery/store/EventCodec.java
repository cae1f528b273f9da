package dev.distillery.store;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventPayload.ApprovalAnswered;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.Error;
import dev.distillery.trace.EventPayload.HookRan;
import dev.distillery.trace.EventPayload.ModelRequest;
import dev.distillery.trace.EventPayload.ModelResponse;
import dev.distillery.trace.EventPayload.PolicyDecision;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.SkillRun;
import dev.distillery.trace.EventPayload.StateChanged;
import dev.distillery.trace.EventPayload.ToolCalled;
import dev.distillery.trace.EventPayload.ToolResult;
import dev.distillery.trace.EventText;
import dev.distillery.trace.Message;
import dev.distillery.trace.TraceEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How each kind of event becomes rows and back: the whole payload goes to {@code data} as JSON, a
 * few fields are copied to columns for reading ({@code name}, {@code call_id}, {@code text}, {@code
 * exit_code}), and the messages a model request or response carries go to {@code messages}.
 */
final class EventCodec {
  static final String SELECT =
      "SELECT id, run_id, parent_id, seq, kind, ts, duration_ms, data::VARCHAR AS data FROM events"
          + " WHERE run_id = ? ORDER BY seq";

  private EventCodec() {}

  /** An event as rows: its {@code events} row and the {@code messages} rows it brings. */
  record Encoded(EventRow event, List<MessageRow> messages) {}

  /** The columns copied out of the payload. */
  private record Copied(String name, String callId, String text, Integer exitCode) {}

  static Encoded encode(TraceEvent event) {
    EventPayload payload = event.payload();
    Copied columns = copied(payload);
    EventRow row =
        new EventRow(
            event.id(),
            event.runId(),
            event.parentId(),
            event.seq(),
            payload.kind().wire(),
            Jdbc.utc(event.timestamp()),
            event.durationMs(),
            columns.name(),
            columns.callId(),
            columns.text(),
            columns.exitCode(),
            Json.write(payload),
            FailureSignature.of(payload),
            payload instanceof ToolCalled call ? CallHash.of(call) : null,
            payload instanceof ToolCalled call ? call.argumentsJson() : null);
    return new Encoded(row, messages(event));
  }

  /** Reads a row selected by {@link #SELECT}. */
  static TraceEvent map(ResultSet row, Columns columns) throws SQLException {
    return stored(row, columns, 1).decode();
  }

  /** An events row as read: the payload still JSON text, decoded when asked. */
  record Stored(
      String id,
      String runId,
      String parentId,
      long seq,
      EventKind kind,
      Instant timestamp,
      Long durationMs,
      byte[] data) {
    TraceEvent decode() {
      return new TraceEvent(
          id, runId, parentId, seq, timestamp, durationMs, EventCodec.decode(kind, data));
    }
  }

  /**
   * Reads the columns of {@link #SELECT} (id, run_id, parent_id, seq, kind, ts, duration_ms, data),
   * by position, from column {@code first} on, plain or in the stream's forms ({@link
   * Columns#texts}).
   */
  static Stored stored(ResultSet row, Columns columns, int first) throws SQLException {
    return new Stored(
        columns.text(row, first),
        columns.text(row, first + 1),
        columns.text(row, first + 2),
        row.getLong(first + 3),
        WireBytes.EVENT_KIND.read(row, columns, first + 4),
        columns.instant(row, first + 5),
        Jdbc.nullableLong(row, first + 6),
        columns.utf8(row, first + 7));
  }

  static EventPayload decode(EventKind kind, byte[] data) {
    return Json.read(data, kind.payloadType());
  }

  /** The columns copied out of the payload; the text is each kind's {@link EventText}. */
  private static Copied copied(EventPayload payload) {
    String text = EventText.of(payload);
    return switch (payload.kind()) {
      case RUN_STARTED, MODEL_REQUEST, COMPACTION -> new Copied(null, null, text, null);
      case STATE_CHANGED -> new Copied(((StateChanged) payload).to(), null, text, null);
      case MODEL_RESPONSE -> new Copied(((ModelResponse) payload).finishReason(), null, text, null);
      case TOOL_CALL -> {
        ToolCalled call = (ToolCalled) payload;
        yield new Copied(call.toolName(), call.callId(), text, null);
      }
      case TOOL_RESULT -> {
        ToolResult result = (ToolResult) payload;
        yield new Copied(result.toolName(), result.callId(), text, result.exitCode());
      }
      case CHECK_RESULT -> {
        var check = ((CheckFinished) payload).result();
        yield new Copied(check.status().wire(), null, text, check.exitCode());
      }
      case ERROR -> new Copied(((Error) payload).errorType(), null, text, null);
      case RUN_FINISHED -> new Copied(((RunFinished) payload).status().wire(), null, text, null);
      case POLICY_DECISION -> {
        PolicyDecision decision = (PolicyDecision) payload;
        yield new Copied(decision.decision(), decision.callId(), text, null);
      }
      case APPROVAL -> {
        ApprovalAnswered approval = (ApprovalAnswered) payload;
        yield new Copied(approval.answer(), approval.callId(), text, null);
      }
      case HOOK_RESULT -> {
        HookRan hook = (HookRan) payload;
        yield new Copied(hook.phase(), hook.callId(), text, hook.exitCode());
      }
      case SKILL_RUN -> {
        SkillRun skill = (SkillRun) payload;
        yield new Copied(skill.skill(), null, text, skill.exitCode());
      }
      case CHECKPOINT ->
          new Copied(((EventPayload.Checkpoint) payload).snapshotMode(), null, text, null);
      case RUN_RESUMED ->
          new Copied(((EventPayload.RunResumed) payload).checkpointId(), null, text, null);
      case EXAMPLES_RETRIEVED ->
          new Copied(((EventPayload.ExamplesRetrieved) payload).scope(), null, text, null);
    };
  }

  private static List<MessageRow> messages(TraceEvent event) {
    return switch (event.kind()) {
      case MODEL_REQUEST -> {
        ModelRequest request = (ModelRequest) event.payload();
        List<MessageRow> rows = new ArrayList<>(request.appended().size());
        int idx = request.firstIndex();
        for (Message message : request.appended()) {
          rows.add(MessageRow.of(event.runId(), idx++, message, event.id()));
        }
        yield rows;
      }
      case MODEL_RESPONSE -> {
        ModelResponse response = (ModelResponse) event.payload();
        yield List.of(
            MessageRow.of(event.runId(), response.index(), response.message(), event.id()));
      }
      case RUN_STARTED,
          STATE_CHANGED,
          TOOL_CALL,
          TOOL_RESULT,
          CHECK_RESULT,
          ERROR,
          RUN_FINISHED,
          POLICY_DECISION,
          APPROVAL,
          HOOK_RESULT,
          SKILL_RUN,
          COMPACTION,
          CHECKPOINT,
          RUN_RESUMED,
          EXAMPLES_RETRIEVED ->
          List.of();
    };
  }
}
