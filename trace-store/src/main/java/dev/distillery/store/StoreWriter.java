package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The store's one writer. Every write is a transaction that is committed before the call returns;
 * callers on several threads take turns.
 */
final class StoreWriter implements AutoCloseable {
  private final Path file;
  private final DuckDBConnection connection;
  private final PreparedStatement insertEvent;
  private final PreparedStatement insertMessage;
  private final RunUpdates runs;

  StoreWriter(Path file, DuckDBConnection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.insertEvent = connection.prepareStatement(EventRow.INSERT);
    this.insertMessage = connection.prepareStatement(MessageRow.INSERT);
    this.runs = new RunUpdates(connection);
  }

  /**
   * One event: its row, its messages and its run's row, in one transaction. An event that is only a
   * row (most are) is one autocommitted insert: atomic by itself, and cheaper.
   */
  synchronized void write(TraceEvent event) {
    EventCodec.Encoded encoded = EventCodec.encode(event);
    try {
      encoded.event().bindTo(insertEvent);
      if (encoded.messages().isEmpty() && !RunUpdates.touchesRun(event)) {
        insertEvent.executeUpdate();
        return;
      }
      try {
        Jdbc.begin(connection);
        insertEvent.executeUpdate();
        for (MessageRow message : encoded.messages()) {
          message.bindTo(insertMessage);
          insertMessage.executeUpdate();
        }
        runs.apply(event);
        if (event.kind() == EventKind.RUN_FINISHED) {
          RunSearch.fill(connection, List.of(event.runId()));
        } else if (event.kind() == EventKind.RUN_RESUMED) {
          RunSearch.clear(connection, event.runId());
        }
        Jdbc.commit(connection);
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw StoreException.of(
          file, "record " + event.kind().wire() + " of run " + event.runId(), e);
    }
  }

  /**
   * Many events in one transaction, all or nothing: events, messages and the runs that start in the
   * batch through DuckDB's Appender; updates to runs that started earlier through prepared
   * statements.
   */
  synchronized void writeAll(List<TraceEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    RunBatch runRows = new RunBatch();
    // the last of run_finished (true) or run_resumed (false) of each run in the batch
    Map<String, Boolean> ended = new LinkedHashMap<>();
    // the search text of each run that starts in the batch, built as its events go by
    Map<String, StringBuilder> texts = new LinkedHashMap<>();
    try {
      try {
        Jdbc.begin(connection);
        try (DuckDBAppender eventRows = connection.createAppender("events");
            DuckDBAppender messageRows = connection.createAppender("messages")) {
          for (TraceEvent event : events) {
            EventCodec.Encoded encoded = EventCodec.encode(event);
            encoded.event().appendTo(eventRows);
            for (MessageRow message : encoded.messages()) {
              message.appendTo(messageRows);
            }
            runRows.add(event);
            if (event.payload() instanceof EventPayload.RunStarted started) {
              String prompt = started.spec().taskPrompt();
              texts.put(event.runId(), new StringBuilder(prompt == null ? "" : prompt));
            } else if (encoded.event().text() != null
                && RunSearch.KINDS.contains(encoded.event().kind())
                && texts.containsKey(event.runId())) {
              texts.get(event.runId()).append(RunSearch.SEPARATOR).append(encoded.event().text());
            }
            if (event.kind() == EventKind.RUN_FINISHED || event.kind() == EventKind.RUN_RESUMED) {
              ended.remove(event.runId());
              ended.put(event.runId(), event.kind() == EventKind.RUN_FINISHED);
            }
          }
          eventRows.flush();
          messageRows.flush();
        }
        runRows.write(connection, runs);
        List<String> finishedEarlierStarts = new ArrayList<>();
        Map<String, String> whole = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> run : ended.entrySet()) {
          if (!run.getValue()) {
            RunSearch.clear(connection, run.getKey());
          } else if (texts.containsKey(run.getKey())) {
            whole.put(run.getKey(), texts.get(run.getKey()).toString());
          } else {
            finishedEarlierStarts.add(run.getKey());
          }
        }
        RunSearch.set(connection, whole);
        RunSearch.fill(connection, finishedEarlierStarts);
        Jdbc.commit(connection);
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw StoreException.of(file, "record " + events.size() + " events", e);
    }
  }

  synchronized void annotate(Annotation annotation) {
    try {
      AnnotationRows.insert(connection, annotation);
    } catch (SQLException e) {
      throw StoreException.of(file, "annotate run " + annotation.runId(), e);
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    try (insertEvent;
        insertMessage;
        runs) {
      // closes all three
    }
  }
}
