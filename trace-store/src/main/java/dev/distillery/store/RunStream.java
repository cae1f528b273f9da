package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TraceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runs a predicate selects, each with its events, messages and annotations, read in one ordered
 * pass: a query each for runs, events (every one, or the last exchange: {@link RunQuery.Reading}),
 * the messages table (when the log is not rebuilt from every event) and annotations, each on its
 * own connection and each ordered by the runs' rank, walked side by side. The runs are ranked once,
 * into a table every query joins ({@code Selection}); a content filter can limit the events and
 * messages read to some of them. So a whole store streams in constant memory and in time linear in
 * its size; asking for runs a chunk at a time instead scans the big tables once per chunk. Close it
 * to release the connections and the ranking.
 */
final class RunStream implements Iterator<RunTrace>, AutoCloseable {
  /**
   * A run's events as read, decoded and its message log rebuilt from them when first asked for: a
   * reader that leaves the run out (an export's label filter) does not pay for them, and a reader
   * on another thread decodes on its own thread.
   */
  private static final class Content {
    private final String runId;
    private final List<EventCodec.Stored> rows;
    private List<TraceEvent> events;
    private List<Message> messages;

    Content(String runId, List<EventCodec.Stored> rows, List<Message> messages) {
      this.runId = runId;
      this.rows = rows;
      this.messages = messages;
    }

    /** The events in order of seq: all of them, or the last exchange ({@link RunQuery.Reading}). */
    synchronized List<TraceEvent> events() {
      if (events == null) {
        List<TraceEvent> decoded = new ArrayList<>(rows.size());
        for (EventCodec.Stored row : rows) {
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
    synchronized List<Message> messages() {
      if (messages == null) {
        messages = messageLog(runId, events());
      }
      return messages;
    }
  }

  /** A list that asks {@code source} for its contents on each read; the source keeps them. */
  private static <T> List<T> deferred(Supplier<List<T>> source) {
    return new AbstractList<>() {
      @Override
      public T get(int index) {
        return source.get().get(index);
      }

      @Override
      public int size() {
        return source.get().size();
      }
    };
  }

  /** The contents of a run the query's content filter left out: reading them is a bug. */
  private static <T> List<T> unread(String runId) {
    return deferred(
        () -> {
          throw new IllegalStateException(
              "run "
                  + runId
                  + " was streamed without its events: the query's content filter left it out");
        });
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
    List<MessageRow.Indexed> rows = new ArrayList<>(byIndex.size());
    byIndex.forEach((idx, message) -> rows.add(new MessageRow.Indexed(idx, message)));
    return List.copyOf(MessageRow.log(runId, rows));
  }

  private static void logged(
      String runId, TreeMap<Integer, Message> byIndex, int idx, Message message) {
    if (byIndex.putIfAbsent(idx, message) != null) {
      throw new StoreException(
          "run " + runId + "'s message log is broken: message #" + idx + " appears twice");
    }
  }

  private final Selection selection;

  /** A run, and whether its events and messages are read. */
  private record Selected(Run run, boolean content) {}

  private final Cursor<Selected> runs;
  private final Cursor<EventCodec.Stored> events;
  // the messages table, when the log is not rebuilt from every event
  private final Cursor<MessageRow.Indexed> messages;
  private final Cursor<Annotation> annotations;
  private RunTrace next;

  /** The events of the selected runs, in the columns {@link EventCodec#stored} reads. */
  private static final String EVENT_COLUMNS =
      "SELECT sel.sel_rank, "
          + Columns.texts("e", "id", "run_id", "parent_id")
          + ", e.seq, "
          + Columns.texts("e", "kind")
          + ", "
          + Columns.times("e", "ts")
          + ", e.duration_ms, "
          + Columns.texts("e", "data");

  private static final String EVENTS =
      EVENT_COLUMNS
          + " FROM sel JOIN events e ON e.run_id = sel.sel_id ORDER BY sel.sel_rank, e.seq";

  /**
   * The runs' last model request and last model response, in order of seq: their seqs found first,
   * from the narrow columns, then those rows joined (a window over the events would carry every
   * payload through the sort).
   */
  private static final String LAST_EXCHANGE =
      ", last AS (SELECT run_id, max(seq) AS seq FROM events"
          + " WHERE kind IN ('model_request', 'model_response') GROUP BY run_id, kind)"
          + " "
          + EVENT_COLUMNS
          + " FROM sel JOIN last l ON l.run_id = sel.sel_id"
          + " JOIN events e ON e.run_id = l.run_id AND e.seq = l.seq"
          + " ORDER BY sel.sel_rank, e.seq";

  /** The runs' columns in the forms the driver hands over fastest ({@link Columns#texts}). */
  private static final String RUN_TEXTS =
      Columns.texts("r", RunColumn.named("VARCHAR", "JSON"))
          + ", "
          + Columns.times("r", RunColumn.named("TIMESTAMP"));

  private static final String MESSAGES =
      "SELECT sel.sel_rank, m.idx, "
          + Columns.texts("m", "role", "content", "tool_calls", "tool_call_id", "name")
          + " FROM sel JOIN messages m ON m.run_id = sel.sel_id"
          + " ORDER BY sel.sel_rank, m.idx";

  private RunStream(
      Selection selection,
      Cursor<Selected> runs,
      Cursor<EventCodec.Stored> events,
      Cursor<MessageRow.Indexed> messages,
      Cursor<Annotation> annotations)
      throws SQLException {
    this.selection = selection;
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
   * @param query which runs, how much of each, in which order
   */
  static RunStream open(Connections open, TraceQuery query) throws SQLException {
    String contentWhere = query.content();
    Selection selected = Selection.make(open.next(), query);
    String selection =
        "WITH sel AS (SELECT sel_id, sel_rank, sel_content FROM " + selected.table() + ") ";
    // the runs whose events and messages are read
    String content =
        "WITH sel AS (SELECT sel_id, sel_rank FROM "
            + selected.table()
            + (contentWhere == null ? "" : " WHERE sel_content")
            + ") ";
    List<Cursor<?>> opened = new ArrayList<>(4);
    try {
      Cursor<Selected> runs =
          Cursor.start(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, sel.sel_content,"
                  + " r.* EXCLUDE (search_text, search_words) REPLACE ("
                  + RUN_TEXTS
                  + ") FROM sel"
                  + " JOIN runs r ON r.id = sel.sel_id ORDER BY sel.sel_rank",
              (row, columns) ->
                  new Selected(
                      RunRows.map(row, columns), row.getBoolean(columns.of("sel_content"))),
              "runs");
      opened.add(runs);
      boolean everyEvent = query.reading() == RunQuery.Reading.EVERY_EVENT;
      // the selection is a WITH clause that LAST_EXCHANGE continues
      Cursor<EventCodec.Stored> events =
          Cursor.start(
              open.next(),
              content + (everyEvent ? EVENTS : LAST_EXCHANGE),
              (row, columns) -> EventCodec.stored(row, columns, 2),
              "events");
      opened.add(events);
      Cursor<MessageRow.Indexed> messages =
          everyEvent
              ? null
              : Cursor.start(open.next(), content + MESSAGES, MessageRow::map, "messages");
      opened.add(messages);
      Cursor<Annotation> annotations =
          Cursor.start(
              open.next(),
              selection
                  + "SELECT sel.sel_rank, "
                  + Columns.texts("a", "id", "run_id", "event_id", "author", "label")
                  + ", a.tags, "
                  + Columns.texts("a", "comment")
                  + ", "
                  + Columns.times("a", "created_at")
                  + " FROM sel JOIN annotations a"
                  + " ON a.run_id = sel.sel_id ORDER BY sel.sel_rank, a.created_at, a.id",
              AnnotationRows::map,
              "annotations");
      opened.add(annotations);
      // the queries run at once; each cursor then waits for its first row
      for (Cursor<?> cursor : opened) {
        if (cursor != null) {
          cursor.step();
        }
      }
      return new RunStream(selected, runs, events, messages, annotations);
    } catch (SQLException | RuntimeException e) {
      for (Cursor<?> cursor : opened) {
        if (cursor != null) {
          cursor.close();
        }
      }
      selected.close();
      throw e;
    }
  }

  /**
   * The selected runs' ids ranked in the stream's order, made once for all the cursors: a table in
   * an in-memory database attached for this stream alone (the store itself is read-only; what
   * ATTACH adds is seen by every connection to it). Each query used to rank the runs itself,
   * evaluating the predicate and sorting by the order's keys, task prompts included: four times
   * 0.12 s of CPU at 112,000 runs.
   */
  private record Selection(Connection connection, String database) implements AutoCloseable {
    private static final AtomicLong STREAMS = new AtomicLong();

    static Selection make(Connection connection, TraceQuery query) throws SQLException {
      String content = query.content();
      String database =
          "distillery_stream_" + ProcessHandle.current().pid() + "_" + STREAMS.incrementAndGet();
      Selection selection = new Selection(connection, database);
      try (Statement statement = connection.createStatement()) {
        statement.execute("ATTACH ':memory:' AS " + database + " (READ_WRITE)");
      } catch (SQLException | RuntimeException e) {
        selection.close();
        throw e;
      }
      String sql =
          "CREATE TABLE "
              + selection.table()
              + " AS SELECT id AS sel_id, row_number() OVER (ORDER BY "
              + query.orderBy()
              + ") AS sel_rank, "
              + (content == null ? "true" : "coalesce((" + content + "), false)")
              + " AS sel_content FROM runs"
              + (query.where() == null ? "" : " WHERE " + query.where());
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < query.parameters().size(); i++) {
          statement.setObject(i + 1, query.parameters().get(i));
        }
        statement.execute();
      } catch (SQLException | RuntimeException e) {
        selection.close();
        throw e;
      }
      return selection;
    }

    String table() {
      return database + ".sel";
    }

    /** Detaches the table's database, then closes the connection. */
    @Override
    public void close() {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DETACH DATABASE IF EXISTS " + database);
      } catch (SQLException e) {
        // the database goes with the store's instance anyway
      }
      try {
        connection.close();
      } catch (SQLException e) {
        // a read-only connection: nothing is lost
      }
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
    Run run = runs.value().run();
    boolean content = runs.value().content();
    long rank = runs.rank();
    runs.step();
    List<EventCodec.Stored> runEvents = new ArrayList<>();
    while (events.at(rank)) {
      runEvents.add(events.value());
      events.step();
    }
    List<Message> runMessages = null;
    if (messages != null) {
      List<MessageRow.Indexed> rows = new ArrayList<>();
      while (messages.at(rank)) {
        rows.add(messages.value());
        messages.step();
      }
      runMessages = List.copyOf(MessageRow.log(run.id(), rows));
    }
    List<Annotation> runAnnotations = new ArrayList<>();
    while (annotations.at(rank)) {
      runAnnotations.add(annotations.value());
      annotations.step();
    }
    if (!content) {
      return new RunTrace(run, unread(run.id()), unread(run.id()), runAnnotations);
    }
    Content read = new Content(run.id(), runEvents, runMessages);
    return new RunTrace(run, deferred(read::events), deferred(read::messages), runAnnotations);
  }

  @Override
  public void close() {
    runs.close();
    events.close();
    if (messages != null) {
      messages.close();
    }
    annotations.close();
    selection.close();
    next = null;
  }

  /**
   * A query's rows, each keyed by the rank of the run it belongs to. A thread of its own runs the
   * query and maps its rows (the driver's fetch and string decoding are most of a stream's cost),
   * handing them over in batches through a short queue: the cursors of one stream fetch at the same
   * time, while the stream's reader takes what they have read.
   */
  private static final class Cursor<T> implements AutoCloseable {
    private static final int BATCH = 256;
    private static final Object END = new Object();

    private record Ranked<T>(long rank, T value) {}

    private final Connection connection;
    private final BlockingQueue<Object> batches = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private volatile boolean closed;
    private List<Ranked<T>> batch = List.of();
    private int at = -1;
    private boolean ended;
    private long rank;
    private T value;

    private Cursor(Connection connection, String sql, Jdbc.ColumnMapper<T> mapper, String name) {
      this.connection = connection;
      this.reader = new Thread(() -> read(sql, mapper), "distillery-read-" + name);
      reader.setDaemon(true);
    }

    /**
     * Starts the query on its thread. The cursor is before its first row: {@link #step} to it
     * (which throws DuckDB's refusal of the query).
     */
    static <T> Cursor<T> start(
        Connection connection, String sql, Jdbc.ColumnMapper<T> mapper, String name) {
      Cursor<T> cursor = new Cursor<>(connection, sql, mapper, name);
      cursor.reader.start();
      return cursor;
    }

    private void read(String sql, Jdbc.ColumnMapper<T> mapper) {
      try (PreparedStatement statement = connection.prepareStatement(sql);
          ResultSet rows = statement.executeQuery()) {
        Columns columns = Columns.of(rows);
        List<Ranked<T>> next = new ArrayList<>(BATCH);
        while (!closed && rows.next()) {
          next.add(new Ranked<>(rows.getLong(1), mapper.map(rows, columns)));
          if (next.size() == BATCH) {
            batches.put(next);
            next = new ArrayList<>(BATCH);
          }
        }
        if (!next.isEmpty()) {
          batches.put(next);
        }
        batches.put(END);
      } catch (SQLException | RuntimeException e) {
        try {
          batches.put(e);
        } catch (InterruptedException stopped) {
          // closed while handing over the failure: nobody is reading any more
        }
      } catch (InterruptedException e) {
        // closed: stop reading
      }
    }

    /** Moves to the next row, waiting for the reading thread when it is behind. */
    void step() throws SQLException {
      at++;
      while (at >= batch.size()) {
        if (ended) {
          rank = Long.MAX_VALUE;
          value = null;
          return;
        }
        Object next;
        try {
          next = batches.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while reading the runs", e);
        }
        if (next == END) {
          ended = true;
        } else if (next instanceof SQLException failure) {
          throw failure;
        } else if (next instanceof RuntimeException failure) {
          throw failure;
        } else {
          @SuppressWarnings("unchecked")
          List<Ranked<T>> rows = (List<Ranked<T>>) next;
          batch = rows;
          at = 0;
        }
      }
      rank = batch.get(at).rank();
      value = batch.get(at).value();
    }

    boolean hasRow() {
      return rank != Long.MAX_VALUE;
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

    T value() {
      return value;
    }

    /** Stops the thread, then closes the connection; closing loses nothing, it only reads. */
    @Override
    public void close() {
      closed = true;
      reader.interrupt();
      batches.clear();
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        connection.close();
      } catch (SQLException e) {
        // a read-only connection: the stream is over either way
      }
    }
  }
}
