package dev.distillery.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;

/** One row of the {@code messages} table, in column order, and its mapping to {@link Message}. */
record MessageRow(
    String runId,
    int idx,
    String role,
    String content,
    String toolCalls,
    String toolCallId,
    String name,
    String eventId) {
  static final String INSERT =
      "INSERT INTO messages (run_id, idx, role, content, tool_calls, tool_call_id, name, event_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT =
      "SELECT idx, role, content, tool_calls::VARCHAR AS tool_calls, tool_call_id, name"
          + " FROM messages"
          + " WHERE run_id = ? ORDER BY idx";

  private static final ObjectReader TOOL_CALLS =
      Json.reader(new TypeReference<List<ToolCallJson>>() {});

  /** A tool call as stored: {@code arguments} is the model's raw text, valid JSON or not. */
  private record ToolCallJson(String id, String name, String arguments) {}

  static MessageRow of(String runId, int idx, Message message, String eventId) {
    return new MessageRow(
        runId,
        idx,
        message.role().wire(),
        message.content(),
        toolCallsJson(message.toolCalls()),
        message.toolCallId(),
        message.name(),
        eventId);
  }

  /** A message and its position in the run's log. */
  record Indexed(int idx, Message message) {}

  /** Reads a row of the messages table, its columns found by name once in {@code c}. */
  static Indexed map(ResultSet row, Columns c) throws SQLException {
    byte[] toolCalls = c.utf8(row, "tool_calls");
    Message message =
        new Message(
            WireBytes.ROLE.read(row, c, c.of("role")),
            c.text(row, "content"),
            toolCalls == null ? List.of() : toolCalls(toolCalls),
            c.text(row, "tool_call_id"),
            c.text(row, "name"));
    return new Indexed(row.getInt(c.of("idx")), message);
  }

  /** The messages of a run's log, numbered 0..n-1 in order; a gap or a repeat is a broken log. */
  static List<Message> log(String runId, List<Indexed> rows) {
    List<Message> messages = new ArrayList<>(rows.size());
    for (Indexed row : rows) {
      if (row.idx() != messages.size()) {
        throw new StoreException(
            "run "
                + runId
                + "'s message log is broken: expected message #"
                + messages.size()
                + " but found #"
                + row.idx());
      }
      messages.add(row.message());
    }
    return messages;
  }

  void appendTo(DuckDBAppender appender) throws SQLException {
    appender.beginRow();
    appender.append(runId);
    appender.append(idx);
    appender.append(role);
    appender.append(content);
    appender.append(toolCalls);
    appender.append(toolCallId);
    appender.append(name);
    appender.append(eventId);
    appender.endRow();
  }

  void bindTo(PreparedStatement insert) throws SQLException {
    insert.setString(1, runId);
    insert.setInt(2, idx);
    insert.setString(3, role);
    insert.setString(4, content);
    insert.setString(5, toolCalls);
    insert.setString(6, toolCallId);
    insert.setString(7, name);
    insert.setString(8, eventId);
  }

  private static String toolCallsJson(List<ToolCall> calls) {
    if (calls.isEmpty()) {
      return null;
    }
    return Json.write(
        calls.stream().map(c -> new ToolCallJson(c.id(), c.name(), c.argumentsJson())).toList());
  }

  private static List<ToolCall> toolCalls(byte[] json) {
    List<ToolCallJson> calls = Json.read(json, TOOL_CALLS);
    return calls.stream().map(c -> new ToolCall(c.id(), c.name(), c.arguments())).toList();
  }
}
