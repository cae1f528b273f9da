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
 * pass: a query each for runs, events (every one, or the last exchange: {@link Reading}), the
 * messages table (when the log is not rebuilt from every event) and annotations, each on its own
 * connection and each ordered by the runs' rank, walked side by side. So a whole store streams in
 * constant memory and in time linear in its size; asking for runs a chunk at a time instead scans
 * the big tables once per chunk. Close it to release the connections.
 */
public final class RunStream implements Iterator<RunStream.RunTrace>, AutoCloseable {
  /** How much of each run a stream reads. */
  public enum Reading {
    /** Every event; the message log is rebuilt from them. */
    EVERY_EVENT,
    /**
     * The conversation only: the message log (read from the messages table) and the run's last
     * model request and last model response, all a chat dataset row needs. A fraction of the
     * events' bytes; {@link RunTrace#events} then holds those two events at most.
     */
    CONVERSATION
  }

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

    RunTrace(
        Run run, List<StoredEvent> rows, List<Message> messages, List<Annotation> annotations) {
      this.run = run;
      this.rows = rows;
      this.messages = messages;
      this.annotations = annotations;
    }

    public Run run() {
      return run;
    }

    public List<Annotation> annotations() {
      return annotations;
    }

    /** The events in order of seq: all of them, or the last exchange ({@link Reading}). */
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
  // the messages table, when the log is not rebuilt from every event
  private final Cursor messages;
  private final Cursor annotations;
  private RunTrace next;

  /** The events of the selected runs; {@link #advance} reads the columns by position. */
  private static final String EVENTS =
      "SELECT sel.sel_rank, e.id, e.run_id, e.parent_id, e.seq, e.kind, e.ts, e.duration_ms,"
          + " e.data::VARCHAR AS data FROM sel JOIN events e ON e.run_id = sel.sel_id"
          + " ORDER BY sel.sel_rank, e.seq";

  /**
   * The runs' last model request and last model response, in order of seq: their seqs found first,
   * from the narrow columns, then those rows joined (a window over the events would carry every
   * payload through the sort).
   */
  private static final String LAST_EXCHANGE =
      ", last AS (SELECT run_id, max(seq) AS seq FROM events"
          + " WHERE kind IN ('model_request', 'model_response') GROUP BY run_id, kind)"
          + " SELECT sel.sel_rank, e.id, e.run_id, e.parent_id, e.seq, e.kind, e.ts, e.duration_ms,"
          + " e.data::VARCHAR AS data FROM sel JOIN last l ON l.run_id = sel.sel_id"
          + " JOIN events e ON e.run_id = l.run_id AND e.seq = l.seq"
          + " ORDER BY sel.sel_rank, e.seq";

  private static final String MESSAGES =
      "SELECT sel.sel_rank, m.idx, m.role, m.content, m.tool_calls::VARCHAR AS tool_calls,"
          + " m.tool_call_id, m.name FROM sel JOIN messages m ON m.run_id = sel.sel_id"
          + " ORDER BY sel.sel_rank, m.idx";

  private RunStream(Cursor runs, Cursor events, Cursor messages, Cursor annotations)
      throws SQLException {
    this.runs = runs;
    this.events = events;
    this.messages = messages;
    this.annotations = annotations;
    this.next = advance();
  }

  /**
   * Opens the cursors.
   *
   * @param open gives a fresh connection to the store's database for each cursor
   * @param where a predicate over the runs view, or null for every run
   * @param orderBy the order of the runs, SQL over the runs view's columns
   */
  static RunStream open(Connections open, String where, String orderBy, Reading reading)
      throws SQLException {
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
      boolean everyEvent = reading == Reading.EVERY_EVENT;
      // the selection is a WITH clause that LAST_EXCHANGE continues
      opened.add(Cursor.of(open.next(), selection + (everyEvent ? EVENTS : LAST_EXCHANGE)));
      opened.add(everyEvent ? null : Cursor.of(open.next(), selection + MESSAGES));
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
        if (cursor != null) {
          cursor.closeQuietly();
        }
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
    List<Message> runMessages = null;
    if (messages != null) {
      runMessages = new ArrayList<>();
      while (messages.at(rank)) {
        MessageRow.Indexed message = MessageRow.map(messages.row(), messages.columns());
        if (message.idx() != runMessages.size()) {
          throw new StoreException(
              "run "
                  + run.id()
                  + "'s message log is broken: expected message #"
                  + runMessages.size()
                  + " but found #"
                  + message.idx());
        }
        runMessages.add(message.message());
        messages.step();
      }
      runMessages = List.copyOf(runMessages);
    }
    List<Annotation> runAnnotations = new ArrayList<>();
    while (annotations.at(rank)) {
      runAnnotations.add(AnnotationRows.map(annotations.row(), annotations.columns()));
      annotations.step();
    }
    return new RunTrace(run, runEvents, runMessages, runAnnotations);
  }

  @Override
  public void close() {
    runs.closeQuietly();
    events.closeQuietly();
    if (messages != null) {
      messages.closeQuietly();
    }
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
     * Whether the current row belongs to the run of this rank. The queries rank the same runs in
     * the same total order, so rows of earlier runs have all been taken when a run's turn comes.
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
