package dev.distillery.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;

/** One row of the {@code events} table, in column order. */
record EventRow(
    String id,
    String runId,
    String parentId,
    long seq,
    String kind,
    LocalDateTime ts,
    Long durationMs,
    String name,
    String callId,
    String text,
    Integer exitCode,
    String data,
    String signature,
    Long callHash,
    String callArgs) {
  static final String INSERT =
      "INSERT INTO events (id, run_id, parent_id, seq, kind, ts, duration_ms, name, call_id, text,"
          + " exit_code, data, signature, call_hash, call_args)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  void appendTo(DuckDBAppender appender) throws SQLException {
    appender.beginRow();
    appender.append(id);
    appender.append(runId);
    appender.append(parentId);
    appender.append(seq);
    appender.append(kind);
    appender.append(ts);
    appender.append(durationMs);
    appender.append(name);
    appender.append(callId);
    appender.append(text);
    appender.append(exitCode);
    appender.append(data);
    appender.append(signature);
    appender.append(callHash);
    appender.append(callArgs);
    appender.endRow();
  }

  void bindTo(PreparedStatement insert) throws SQLException {
    insert.setString(1, id);
    insert.setString(2, runId);
    insert.setString(3, parentId);
    insert.setLong(4, seq);
    insert.setString(5, kind);
    insert.setObject(6, ts);
    insert.setObject(7, durationMs);
    insert.setString(8, name);
    insert.setString(9, callId);
    insert.setString(10, text);
    insert.setObject(11, exitCode);
    insert.setString(12, data);
    insert.setString(13, signature);
    insert.setObject(14, callHash);
    insert.setString(15, callArgs);
  }
}
