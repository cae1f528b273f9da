package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
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
  private final RunSearch search;

  StoreWriter(Path file, DuckDBConnection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.insertEvent = connection.prepareStatement(EventRow.INSERT);
    this.insertMessage = connection.prepareStatement(MessageRow.INSERT);
    this.runs = new RunUpdates(connection);
    this.search = new RunSearch(connection);
  }

  /**
   * One event: its row, its messages and its run's row, in one transaction. An event that is only a
   * row (most are) is one autocommitted insert: atomic by itself, and cheaper.
   */
  synchronized void write(TraceEvent event) {
    EventCodec.Encoded encoded = EventCodec.encode(event);
    try {
      encoded.event().bindTo(insertEvent);
      boolean searched = RunSearch.searched(encoded.event());
      if (encoded.messages().isEmpty() && !RunUpdates.touchesRun(event) && !searched) {
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
        if (event.payload() instanceof RunStarted started) {
          search.start(event.runId(), started.spec().taskPrompt());
        }
        if (searched) {
          search.append(event.runId(), encoded.event().text());
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
    RunSearch.Batch searchTexts = new RunSearch.Batch();
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
            if (event.payload() instanceof RunStarted started) {
              searchTexts.start(event.runId(), started.spec().taskPrompt());
            }
            searchTexts.add(encoded.event());
          }
          eventRows.flush();
          messageRows.flush();
        }
        runRows.write(connection, runs);
        searchTexts.write(connection);
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
        runs;
        search) {
      // closes all four
    }
  }
}
