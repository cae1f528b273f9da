package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
  private final RunTexts held = new RunTexts();
  private FileChannel source;

  StoreWriter(Path file, DuckDBConnection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.insertEvent = connection.prepareStatement(EventRow.INSERT);
    this.insertMessage = connection.prepareStatement(MessageRow.INSERT);
    this.runs = new RunUpdates(connection);
  }

  /**
   * One event: its row, its messages and its run's row, in one transaction. An event that is only a
   * row (most are) is one autocommitted insert: atomic by itself, and cheaper. A {@code
   * run_finished} writes the run's search columns with its row, made from the texts the writer
   * holds ({@link RunTexts}) or else read from the run's events.
   */
  synchronized void write(TraceEvent event) {
    EventCodec.Encoded encoded = EventCodec.encode(event);
    try {
      encoded.event().bindTo(insertEvent);
      if (encoded.messages().isEmpty() && !RunUpdates.touchesRun(event)) {
        insertEvent.executeUpdate();
      } else {
        writeInTransaction(event, encoded);
      }
      held.written(event, encoded.event());
    } catch (SQLException e) {
      throw StoreException.of(
          file, "record " + event.kind().wire() + " of run " + event.runId(), e);
    }
  }

  private void writeInTransaction(TraceEvent event, EventCodec.Encoded encoded)
      throws SQLException {
    try {
      Jdbc.begin(connection);
      insertEvent.executeUpdate();
      for (MessageRow message : encoded.messages()) {
        message.bindTo(insertMessage);
        insertMessage.executeUpdate();
      }
      runs.apply(
          event,
          event.kind() == EventKind.RUN_FINISHED ? finished(event.runId()) : SearchText.NONE);
      Jdbc.commit(connection);
    } catch (SQLException | RuntimeException e) {
      Jdbc.rollback(connection, e);
      throw e;
    }
  }

  /** The search columns of a run that finishes now. */
  private SearchText finished(String runId) throws SQLException {
    RunTexts.Text texts = held.get(runId);
    if (texts != null) {
      return texts.searchText();
    }
    return RunSearch.read(connection, List.of(runId)).getOrDefault(runId, SearchText.NONE);
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
    RunBatch runRows = new RunBatch(held);
    inTransaction(
        "record " + events.size() + " events",
        () -> {
          try (DuckDBAppender eventRows = connection.createAppender("events");
              DuckDBAppender messageRows = connection.createAppender("messages")) {
            for (TraceEvent event : events) {
              EventCodec.Encoded encoded = EventCodec.encode(event);
              encoded.event().appendTo(eventRows);
              for (MessageRow message : encoded.messages()) {
                message.appendTo(messageRows);
              }
              runRows.add(event, encoded.event());
            }
            eventRows.flush();
            messageRows.flush();
          }
          runRows.write(connection, runs);
        });
    runRows.committed();
  }

  synchronized void annotate(Annotation annotation) {
    try {
      AnnotationRows.insert(connection, annotation);
    } catch (SQLException e) {
      throw StoreException.of(file, "annotate run " + annotation.runId(), e);
    }
  }

  /** Several annotations in one transaction: all kept, or none. */
  synchronized void annotateAll(List<Annotation> annotations) {
    inTransaction(
        "record " + annotations.size() + " annotations",
        () -> {
          for (Annotation annotation : annotations) {
            AnnotationRows.insert(connection, annotation);
          }
        });
  }

  /** A judge's grading and, for a verdict, its annotation, in one transaction. */
  synchronized void judge(Judgement judgement, Annotation verdict) {
    inTransaction(
        "record a judgement of run " + judgement.runId(),
        () -> {
          if (verdict != null) {
            AnnotationRows.insert(connection, verdict);
          }
          JudgementRows.insert(connection, judgement);
        });
  }

  /**
   * Copies the store's file to {@code target} while no write can start: the write-ahead log is
   * checkpointed into the file first, so the copy holds every committed write and is whole.
   *
   * @return the copy's size in bytes
   */
  synchronized long copyTo(Path target) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw StoreException.of(file, "checkpoint the store for a snapshot", e);
    }
    Path wal = file.resolveSibling(file.getFileName() + ".wal");
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        throw new StoreException(
            "could not snapshot store " + file + ": its write-ahead log was not checkpointed");
      }
      FileChannel from = source();
      try (FileChannel to =
          FileChannel.open(
              target,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        long size = from.size();
        for (long done = 0; done < size; ) {
          done += from.transferTo(done, size - done, to);
        }
        return size;
      }
    } catch (IOException e) {
      throw new StoreException("could not snapshot store " + file + " to " + target + ": " + e, e);
    }
  }

  /**
   * The store's file, opened once for every copy and closed only after DuckDB has closed it: on
   * POSIX systems a process loses every lock it holds on a file when it closes any descriptor of
   * that file, so closing a channel of our own while DuckDB has the file open would let another
   * process open the file that this one writes.
   */
  private FileChannel source() throws IOException {
    if (source == null) {
      source = FileChannel.open(file, StandardOpenOption.READ);
    }
    return source;
  }

  /** Closes the file channel that copies read from; only once DuckDB has closed the file. */
  synchronized void closeSource() {
    if (source == null) {
      return;
    }
    try {
      source.close();
    } catch (IOException e) {
      // a read-only channel: nothing is lost
    }
    source = null;
  }

  @Override
  public synchronized void close() throws SQLException {
    try (insertEvent;
        insertMessage;
        runs) {
      // closes all three
    }
  }

  /** Work on the connection that commits whole or not at all. */
  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   *
   * @param what what the work does, for the message of a failure
   */
  private void inTransaction(String what, SqlWork work) {
    try {
      try {
        Jdbc.begin(connection);
        work.run();
        Jdbc.commit(connection);
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw StoreException.of(file, what, e);
    }
  }
}
