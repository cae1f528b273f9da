package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The runs a predicate selects, each with its events, messages and annotations, read in one ordered
 * pass: three queries (runs, events, annotations), each on its own connection and each ordered by
 * the runs' rank, walked side by side. So a whole store streams in constant memory and in time
 * linear in its size; asking for runs a chunk at a time instead scans the big tables once per
 * chunk. Close it to release the connections.
 */
public final class RunStream implements Iterator<RunStream.RunTrace>, AutoCloseable {
  /**
   * One run and everything recorded for it. The events' payloads are decoded, and the message log
   * rebuilt from them, when first asked for: a reader that leaves the run out (an export's label
   * filter) does not pay for them, and a reader on another thread decodes on its own thread.
   */
  public static final class RunTrace {
    private final Run run;
    private final List<StoredEvent> rows;
    private final List<Annotation> annotations;
    private List<TraceEvent> events;
    private List<Message> messages;

    RunTrace(Run run, List<StoredEvent> rows, List<Annotation> annotations) {
      this.run = run;
      this.rows = rows;
      this.annotations = annotations;
    }

    public Run run() {
      return run;
    }

    public List<Annotation> annotations() {
      return annotations;
    }

    /** The events in order of seq. */
    public synchronized List<TraceEvent> events() {
      if (events == null) {
        List<TraceEvent> decoded = new ArrayList<>(rows.size());
        for (StoredEvent row : rows) {
          decoded.add(row.decode());
        }
        events = List.copyOf(decoded);
      }
      return events;
    }

    /**
     * The message log, as {@code messages} holds it: each message enters the log in the event that
     * brought it (a request's {@code appended}, a response's {@code message}), which is where the
     * store takes the table's rows from.
     */
    public synchronized List<Message> messages() {
      if (messages == null) {
        messages = messageLog(run.id(), events());
      }
      return messages;
    }
  }

  /** An events row as read: the payload still JSON text. */
  private record StoredEvent(
      String id,
      String runId,
      String parentId,
      long seq,
      EventKind kind,
      Instant timestamp,
      Long durationMs,
      String data) {
    TraceEvent decode() {
      return new TraceEvent(
          id, runId, parentId, seq, timestamp, durationMs, EventCodec.decode(kind, data));
    }
  }

  /** The run's messages by index, from its events; a gap or a repeat is a broken log. */
  static List<Message> messageLog(String runId, List<TraceEvent> events) {
    TreeMap<Integer, Message> byIndex = new TreeMap<>();
    for (TraceEvent event : events) {
      if (event.payload() instanceof EventPayload.ModelRequest request) {
        int idx = request.firstIndex();
        for (Message message : request.appended()) {
          logged(runId, byIndex, idx++, message);
        }
      } else if (event.payload() instanceof EventPayload.ModelResponse response) {
        logged(runId, byIndex, response.index(), response.message());
      }
    }
    List<Message> log = new ArrayList<>(byIndex.size());
    for (Map.Entry<Integer, Message> entry : byIndex.entrySet()) {
      if (entry.getKey() != log.size()) {
        throw new StoreException(
            "run "
                + runId
                + "'s message log is broken: expected message #"
                + log.size()
                + " but found #"
                + entry.getKey());
      }
      log.add(entry.getValue());
    }
    return List.copyOf(log);
  }

  private static void logged(
      String runId, TreeMap<Integer, Message> byIndex, int idx, Message message) {
    if (byIndex.putIfAbsent(idx, message) != null) {
      throw new StoreException(
          "run " + runId + "'s message log is broken: message #" + idx + " appears twice");
    }
  }

  private final Cursor runs;
  private final Cursor events;
  private final Cursor annotations;
  private RunTrace next;

  /** The events of the selected runs; {@link #advance} reads the columns by position. */
  private static final String EVENTS =
      "SELECT sel.sel_rank, e.id, e.run_id, e.parent_id, e.seq, e.kind, e.ts, e.duration_ms,"
          + " e.data::VARCHAR AS data FROM sel JOIN events e ON e.run_id = sel.sel_id"
          + " ORDER BY sel.sel_rank, e.seq";

  private RunStream(Cursor runs, Cursor events, Cursor annotations) throws SQLException {
    this.runs = runs;
    this.events = events;
    this.annotations = annotations;
    this.next = advance();
  }

  /**
   * Opens the three cursors.
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
      opened.add(Cursor.of(open.next(), selection + EVENTS));
      opened.add(
          Cursor.of(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, a.id, a.run_id, a.event_id, a.author, a.label, a.tags, a.comment,"
                  + " a.created_at FROM sel JOIN annotations a ON a.run_id = sel.sel_id"
                  + " ORDER BY sel.sel_rank, a.created_at, a.id"));
      return new RunStream(opened.get(0), opened.get(1), opened.get(2));
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
    Run run = RunRows.map(runs.row(), runs.columns());
    long rank = runs.rank();
    runs.step();
    List<StoredEvent> runEvents = new ArrayList<>();
    ResultSet row = events.row();
    while (events.at(rank)) {
      // columns as EVENTS selects them
      runEvents.add(
          new StoredEvent(
              row.getString(2),
              row.getString(3),
              row.getString(4),
              row.getLong(5),
              EventKind.fromWire(row.getString(6)),
              Jdbc.instant(row, 7),
              Jdbc.nullableLong(row, 8),
              row.getString(9)));
      events.step();
    }
    List<Annotation> runAnnotations = new ArrayList<>();
    while (annotations.at(rank)) {
      runAnnotations.add(AnnotationRows.map(annotations.row(), annotations.columns()));
      annotations.step();
    }
    return new RunTrace(run, runEvents, runAnnotations);
  }

  @Override
  public void close() {
    runs.closeQuietly();
    events.closeQuietly();
    annotations.closeQuietly();
    next = null;
  }

  /** A result set read one row ahead, keyed by the rank of the run its row belongs to. */
  private static final class Cursor {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final Columns columns;
    private boolean hasRow;
    private long rank;

    private Cursor(Connection connection, PreparedStatement statement, ResultSet rows)
        throws SQLException {
      this.connection = connection;
      this.statement = statement;
      this.rows = rows;
      this.columns = Columns.of(rows);
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
      // every query selects the rank first
      rank = hasRow ? rows.getLong(1) : Long.MAX_VALUE;
    }

    boolean hasRow() {
      return hasRow;
    }

    long rank() {
      return rank;
    }

    /**
     * Whether the current row belongs to the run of this rank. The three queries rank the same runs
     * in the same total order, so rows of earlier runs have all been taken when a run's turn comes.
     */
    boolean at(long runRank) {
      return rank == runRank;
    }

    ResultSet row() {
      return rows;
    }

    Columns columns() {
      return columns;
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
