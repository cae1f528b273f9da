package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The runs a predicate selects, each with its events, messages and annotations, read in one ordered
 * pass: four queries (runs, events, messages, annotations), each on its own connection and each
 * ordered by the runs' rank, walked side by side. So a whole store streams in constant memory and
 * in time linear in its size; asking for runs a chunk at a time instead scans the big tables once
 * per chunk. Close it to release the connections.
 */
public final class RunStream implements Iterator<RunStream.RunTrace>, AutoCloseable {
  /** One run and everything recorded for it. */
  public record RunTrace(
      Run run, List<TraceEvent> events, List<Message> messages, List<Annotation> annotations) {}

  private final Cursor runs;
  private final Cursor events;
  private final Cursor messages;
  private final Cursor annotations;
  private RunTrace next;

  private RunStream(Cursor runs, Cursor events, Cursor messages, Cursor annotations)
      throws SQLException {
    this.runs = runs;
    this.events = events;
    this.messages = messages;
    this.annotations = annotations;
    this.next = advance();
  }

  /**
   * Opens the four cursors.
   *
   * @param open gives a fresh connection to the store's database for each cursor
   * @param where a predicate over the runs view, or null for every run
   * @param orderBy the order of the runs, SQL over the runs view's columns
   */
  static RunStream open(Connections open, String where, String orderBy) throws SQLException {
    String selection =
        "WITH sel AS (SELECT id AS sel_id, row_number() OVER (ORDER BY "
            + orderBy
            + ", id) AS sel_rank FROM runs"
            + (where == null || where.isBlank() ? "" : " WHERE (" + where + ")")
            + ") ";
    List<Cursor> opened = new ArrayList<>(4);
    try {
      opened.add(
          Cursor.of(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, r.* EXCLUDE (search_text, search_words)"
                  + " REPLACE (r.metadata::VARCHAR AS metadata) FROM sel"
                  + " JOIN runs r ON r.id = sel.sel_id ORDER BY sel.sel_rank"));
      opened.add(
          Cursor.of(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, e.id, e.run_id, e.parent_id, e.seq, e.kind, e.ts, e.duration_ms,"
                  + " e.data::VARCHAR AS data"
                  + " FROM sel JOIN events e ON e.run_id = sel.sel_id"
                  + " ORDER BY sel.sel_rank, e.seq"));
      opened.add(
          Cursor.of(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, m.run_id, m.idx, m.role, m.content,"
                  + " m.tool_calls::VARCHAR AS tool_calls, m.tool_call_id,"
                  + " m.name FROM sel JOIN messages m ON m.run_id = sel.sel_id"
                  + " ORDER BY sel.sel_rank, m.idx"));
      opened.add(
          Cursor.of(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, a.id, a.run_id, a.event_id, a.author, a.label, a.tags, a.comment,"
                  + " a.created_at FROM sel JOIN annotations a ON a.run_id = sel.sel_id"
                  + " ORDER BY sel.sel_rank, a.created_at, a.id"));
      return new RunStream(opened.get(0), opened.get(1), opened.get(2), opened.get(3));
    } catch (SQLException | RuntimeException e) {
      for (Cursor cursor : opened) {
        cursor.closeQuietly();
      }
      throw e;
    }
  }

  /** Where the cursors' connections come from. */
  interface Connections {
    Connection next() throws SQLException;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public RunTrace next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    RunTrace current = next;
    try {
      next = advance();
    } catch (SQLException e) {
      throw new StoreException("reading the runs failed: " + e.getMessage(), e);
    }
    return current;
  }

  private RunTrace advance() throws SQLException {
    if (!runs.hasRow()) {
      return null;
    }
    Run run = RunRows.map(runs.row());
    long rank = runs.rank();
    runs.step();
    String id = run.id();
    List<TraceEvent> runEvents = new ArrayList<>();
    while (events.at(rank)) {
      runEvents.add(EventCodec.map(events.row()));
      events.step();
    }
    List<Message> runMessages = new ArrayList<>();
    while (messages.at(rank)) {
      MessageRow.Indexed row = MessageRow.map(messages.row());
      if (row.idx() != runMessages.size()) {
        throw new StoreException(
            "run "
                + id
                + "'s message log is broken: expected message #"
                + runMessages.size()
                + " but found #"
                + row.idx());
      }
      runMessages.add(row.message());
      messages.step();
    }
    List<Annotation> runAnnotations = new ArrayList<>();
    while (annotations.at(rank)) {
      runAnnotations.add(AnnotationRows.map(annotations.row()));
      annotations.step();
    }
    return new RunTrace(run, runEvents, runMessages, runAnnotations);
  }

  @Override
  public void close() {
    runs.closeQuietly();
    events.closeQuietly();
    messages.closeQuietly();
    annotations.closeQuietly();
    next = null;
  }

  /** A result set read one row ahead, keyed by the rank of the run its row belongs to. */
  private static final class Cursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private boolean hasRow;
    private long rank;

    private Cursor(Connection connection, PreparedStatement statement, ResultSet rows)
        throws SQLException {
      this.connection = connection;
      this.statement = statement;
      this.rows = rows;
      step();
    }

    static Cursor of(Connection connection, String sql) throws SQLException {
      PreparedStatement statement = null;
      try {
        statement = connection.prepareStatement(sql);
        return new Cursor(connection, statement, statement.executeQuery());
      } catch (SQLException | RuntimeException e) {
        if (statement != null) {
          statement.close();
        }
        connection.close();
        throw e;
      }
    }

    void step() throws SQLException {
      hasRow = rows.next();
      rank = hasRow ? rows.getLong("sel_rank") : Long.MAX_VALUE;
    }

    boolean hasRow() {
      return hasRow;
    }

    long rank() {
      return rank;
    }

    /**
     * Whether the current row belongs to the run of this rank. The four queries rank the same runs
     * in the same total order, so rows of earlier runs have all been taken when a run's turn comes.
     */
    boolean at(long runRank) {
      return rank == runRank;
    }

    ResultSet row() {
      return rows;
    }

    void closeQuietly() {
      try (connection;
          statement;
          rows) {
        hasRow = false;
      } catch (SQLException e) {
        // closing a read-only cursor loses nothing; the stream is over either way
      }
    }
  }
}
