package dev.distillery.store;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CorrectCall;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.ExampleSource;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.Message;
import dev.distillery.trace.Overview;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.SqlConsole;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.duckdb.DuckDBConnection;

/**
 * The trace store: one embedded DuckDB file. One process writes a file at a time; in that process
 * every write goes through one writer and is committed before {@link #record} returns. Reads see
 * committed data only and may run on any thread.
 */
public final class DuckDbTraceStore
    implements TraceSink, TraceRepository, ExampleSource, AutoCloseable {
  private static final Set<Path> OPEN_FOR_WRITING = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final DuckDBConnection connection;
  private final StoreWriter writer;
  private final boolean forQueries;
  private final Opened opened;
  private boolean closed;

  /** How a read-only store came to be: from the file itself, or from a writer's snapshot. */
  private enum Opened {
    /** Read-write: this process is the writer. */
    WRITER,
    /** Read-only, with no writer (DuckDB said so by letting us in), and no run left running. */
    ALONE,
    /** Read-only, with no writer, and runs that their dead process left running. */
    ALONE_WITH_ABANDONED_RUNS,
    /** A copy a live writer made ({@link #snapshotTo}): its running runs may be running. */
    SNAPSHOT
  }

  private DuckDbTraceStore(
      Path file,
      DuckDBConnection connection,
      StoreWriter writer,
      boolean forQueries,
      Opened opened) {
    this.file = file;
    this.connection = connection;
    this.writer = writer;
    this.forQueries = forQueries;
    this.opened = opened;
  }

  /**
   * Opens the file for reading and writing, creating it and its folders when missing, migrating an
   * older schema, and marking runs that a dead process left running as interrupted.
   *
   * @throws StoreLockedException when another process (or store in this process) has the file
   * @throws StoreVersionException when the file was written by a newer distillery
   */
  public static DuckDbTraceStore open(Path file) {
    return open(file, Migrations.standard(), Clock.systemUTC());
  }

  static DuckDbTraceStore open(Path file, Migrations migrations, Clock clock) {
    Path key = file.toAbsolutePath().normalize();
    if (!OPEN_FOR_WRITING.add(key)) {
      throw StoreLockedException.inThisProcess(file);
    }
    DuckDBConnection connection = null;
    try {
      connection = Connections.readWrite(file);
      migrations.migrate(connection, file);
      StoreWriter writer = new StoreWriter(file, connection);
      Recovery.finishAbandonedRuns(connection, writer, clock);
      return new DuckDbTraceStore(file, connection, writer, false, Opened.WRITER);
    } catch (SQLException | RuntimeException e) {
      OPEN_FOR_WRITING.remove(key);
      closeQuietly(connection, e);
      throw e instanceof SQLException sql
          ? StoreException.openFailed(file, sql)
          : (RuntimeException) e;
    }
  }

  /**
   * Opens an existing file for reading only; several processes may do so while none writes. Since
   * no process writes the file while it is open so, a run that the file says is running was left so
   * by a process that died: this store shows it as interrupted (status, outcome and reason, in its
   * rows and in every view and query), as a writer would record it when it next opens the file.
   *
   * @throws StoreNotFoundException when there is no file
   * @throws StoreVersionException when the schema is older (a writer must migrate it) or newer
   */
  public static DuckDbTraceStore openReadOnly(Path file) {
    return openReadOnly(file, Migrations.standard(), false);
  }

  /**
   * Like {@link #openReadOnly}, and then locked down for {@link #query}: no file access, no
   * extensions, and configuration that cannot be changed back.
   */
  public static DuckDbTraceStore openReadOnlyForQueries(Path file) {
    return openReadOnly(file, Migrations.standard(), true);
  }

  static DuckDbTraceStore openReadOnly(Path file, Migrations migrations, boolean forQueries) {
    return openReadOnly(file, migrations, forQueries, false);
  }

  /**
   * Opens a copy that a writer made with {@link #snapshotTo}, for reading only, and deletes the
   * copy when the store is closed. Runs in it that are running are shown so: the writer that made
   * the copy may still be recording them.
   *
   * @param forQueries as {@link #openReadOnlyForQueries}
   */
  public static DuckDbTraceStore openSnapshot(Path copy, boolean forQueries) {
    return openReadOnly(copy, Migrations.standard(), forQueries, true);
  }

  private static DuckDbTraceStore openReadOnly(
      Path file, Migrations migrations, boolean forQueries, boolean snapshot) {
    DuckDBConnection connection = Connections.readOnly(file, forQueries);
    try {
      migrations.requireCurrent(connection, file);
      Opened opened =
          snapshot
              ? Opened.SNAPSHOT
              : Recovery.anyRunning(connection) ? Opened.ALONE_WITH_ABANDONED_RUNS : Opened.ALONE;
      if (forQueries) {
        QueryRunner.lockDown(connection);
      }
      return new DuckDbTraceStore(file, connection, null, forQueries, opened);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection, e);
      throw e instanceof SQLException sql
          ? StoreException.openFailed(file, sql)
          : (RuntimeException) e;
    }
  }

  /** The file this store reads and writes. */
  public Path file() {
    return file;
  }

  /** Durable when it returns: the event, its messages and its run's row, in one transaction. */
  @Override
  public void record(TraceEvent event) {
    writer().write(event);
  }

  /** All or none, in one transaction, through DuckDB's Appender; durable when it returns. */
  @Override
  public void recordAll(List<TraceEvent> events) {
    writer().writeAll(List.copyOf(events));
  }

  @Override
  public List<Run> runs(RunFilter filter) {
    return read(
        "list runs",
        c -> {
          RunRows.Where where = RunRows.where(filter, RunSearch.longRuns(c, filter));
          List<Object> parameters = new ArrayList<>(where.parameters());
          parameters.add(filter.limit());
          parameters.add(filter.offset());
          return Jdbc.mapped(c, RunRows.page(where, filter.sort()), parameters, RunRows::map);
        });
  }

  @Override
  public long countRuns(RunFilter filter) {
    return read(
        "count runs",
        c -> {
          RunRows.Where where = RunRows.where(filter, RunSearch.longRuns(c, filter));
          return Jdbc.list(c, RunRows.count(where), where.parameters(), r -> r.getLong(1)).get(0);
        });
  }

  @Override
  public Optional<Run> run(String idOrPrefix) {
    if (idOrPrefix == null || idOrPrefix.isBlank()) {
      return Optional.empty();
    }
    return read("find run " + idOrPrefix, c -> RunLookup.find(c, idOrPrefix.strip()));
  }

  @Override
  public List<TraceEvent> events(String runId) {
    return read(
        "read the events of run " + runId,
        c -> Jdbc.mapped(c, EventCodec.SELECT, List.of(runId), EventCodec::map));
  }

  /**
   * @throws StoreException when the run's message log has a gap or a repeated index, which would
   *     make every later request point at the wrong message
   */
  @Override
  public List<Message> messages(String runId) {
    return read("read the messages of run " + runId, c -> RunLookup.messages(c, runId));
  }

  @Override
  public List<Run> family(String runId) {
    return read(
        "read the forks of run " + runId,
        c -> {
          List<Object> ids =
              Jdbc.list(c, RunRows.FAMILY_IDS, List.of(runId), row -> row.getString(1));
          if (ids.isEmpty()) {
            return List.of();
          }
          if (ids.size() > RunRows.FAMILY_IDS_MAX) {
            return Jdbc.mapped(c, RunRows.FAMILY, List.of(runId), RunRows::map);
          }
          return Jdbc.mapped(c, RunRows.familyByIds(ids.size()), ids, RunRows::map);
        });
  }

  @Override
  public void annotate(Annotation annotation) {
    writer().annotate(annotation);
  }

  @Override
  public void annotateAll(List<Annotation> annotations) {
    writer().annotateAll(annotations);
  }

  @Override
  public void recordJudgement(Judgement judgement, Annotation verdict) {
    writer().judge(judgement, verdict);
  }

  @Override
  public List<Judgement> judgements(String runId) {
    return read(
        "read the judgements of run " + runId,
        c -> Jdbc.mapped(c, JudgementRows.SELECT, List.of(runId), JudgementRows::map));
  }

  /** The runs this judge (its author) graded with a verdict under the rubric with this hash. */
  public Set<String> gradedRuns(String author, String rubricHash) {
    return new HashSet<>(
        read(
            "read the runs " + author + " graded",
            c ->
                Jdbc.list(
                    c, JudgementRows.GRADED, List.of(author, rubricHash), r -> r.getString(1))));
  }

  /** Every tag that an annotation in the store carries, sorted. */
  public List<String> annotationTags() {
    return read(
        "read the annotations' tags",
        c -> Jdbc.list(c, JudgementRows.TAGS, List.of(), r -> r.getString(1)));
  }

  /**
   * The runs the query selects, whole, streamed in one ordered pass in constant memory; see {@link
   * RunStream}. A query with a SQL {@link RunQuery#where} needs a store opened with {@link
   * #openReadOnlyForQueries}, as any SQL a person wrote does.
   *
   * @throws QueryException when DuckDB refuses the query's SQL (the message is DuckDB's first line)
   */
  @Override
  public Stream<RunTrace> traces(RunQuery query) {
    requireSqlAllowed(query);
    RunStream stream;
    try {
      stream = RunStream.open(this::reader, TraceQuery.of(query));
    } catch (SQLException e) {
      throw new QueryException(StoreException.firstLine(e.getMessage()), e);
    }
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(stream, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(stream::close);
  }

  /**
   * How many runs the query selects, with one count; checks its SQL.
   *
   * @throws QueryException as {@link #traces}
   */
  @Override
  public long count(RunQuery query) {
    requireSqlAllowed(query);
    TraceQuery sql = TraceQuery.of(query);
    try (Connection reader = reader();
        PreparedStatement statement = reader.prepareStatement(sql.count())) {
      for (int i = 0; i < sql.parameters().size(); i++) {
        statement.setObject(i + 1, sql.parameters().get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new QueryException(StoreException.firstLine(e.getMessage()), e);
    }
  }

  private void requireSqlAllowed(RunQuery query) {
    if (query.where() != null && !forQueries) {
      throw new IllegalStateException(
          "a query with SQL needs a store opened with openReadOnlyForQueries");
    }
  }

  @Override
  public List<Annotation> annotations(String runId) {
    return read(
        "read the annotations of run " + runId,
        c -> Jdbc.mapped(c, AnnotationRows.SELECT, List.of(runId), AnnotationRows::map));
  }

  @Override
  public List<ExampleRun> examples(ExampleQuery query) {
    return read("find worked examples", c -> Examples.find(c, query));
  }

  @Override
  public Overview overview(Overview.Filter filter) {
    return read("compute the overview", c -> Overviews.of(c, filter));
  }

  /** The tool calls of the newest {@code runs} runs labelled correct, each run's in order. */
  public List<CorrectCall> correctCalls(int runs) {
    return read("read the tool calls of correct runs", c -> Examples.correctCalls(c, runs));
  }

  /** One query for all the runs named. */
  @Override
  public Map<String, List<Annotation>> annotationsOf(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Map.of();
    }
    List<String> ids = List.copyOf(runIds);
    return read(
        "read the annotations of " + ids.size() + " runs", c -> AnnotationRows.ofRuns(c, ids));
  }

  /**
   * Runs a user's SQL, at most {@code maxRows} rows back. Only on a store opened with {@link
   * #openReadOnlyForQueries}.
   *
   * @throws QueryException when DuckDB refuses or fails the SQL; the message is DuckDB's first line
   */
  public QueryTable query(String sql, int maxRows) {
    if (!forQueries) {
      throw new IllegalStateException("query() needs a store opened with openReadOnlyForQueries");
    }
    return read("run a query", c -> QueryRunner.run(c, sql, maxRows));
  }

  /**
   * Read-only SQL for the browser's SQL page, on a store that may also be writing: the query must
   * parse as exactly one SELECT (DuckDB's own parser says so, through {@code json_serialize_sql}),
   * and file access is switched off for this database before the first one runs.
   */
  public SqlConsole console() {
    return (sql, maxRows) -> {
      if (forQueries) {
        return query(sql, maxRows);
      }
      return read("run a query", c -> QueryRunner.runSelectOnly(c, sql, maxRows));
    };
  }

  /**
   * Writes a consistent copy of the store, as of now, to {@code target} (which is replaced): a file
   * that {@link #openSnapshot} opens while this store goes on writing. Writes wait meanwhile: the
   * write-ahead log is checkpointed into the file, which is then copied byte for byte.
   *
   * @return the copy's size in bytes
   */
  public long snapshotTo(Path target) {
    return writer().copyTo(target);
  }

  /**
   * Writes what {@code select} returns, a query over this store's tables, to {@code target} as one
   * Parquet file (zstd): how the lake ({@code dev.distillery.store.lake}) is written. Needs a store
   * that is not locked down for queries.
   *
   * @return the rows written
   */
  public long copyToParquet(String select, Path target) {
    if (forQueries) {
      throw new IllegalStateException("copyToParquet() needs a store that may write files");
    }
    String copy =
        "COPY ("
            + select
            + ") TO '"
            + target.toAbsolutePath().toString().replace("'", "''")
            + "' (FORMAT parquet, COMPRESSION zstd)";
    return read(
        "write " + target.getFileName(),
        c -> {
          try (java.sql.Statement statement = c.createStatement()) {
            return statement.executeLargeUpdate(copy);
          }
        });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (connection) {
      if (writer != null) {
        writer.close();
      }
    } catch (SQLException e) {
      throw StoreException.of(file, "close the store", e);
    } finally {
      if (writer != null) {
        // after DuckDB let go of the file: closing a descriptor of it drops the process's locks
        writer.closeSource();
        OPEN_FOR_WRITING.remove(file.toAbsolutePath().normalize());
      }
      if (opened == Opened.SNAPSHOT) {
        deleteCopy(file);
      }
    }
  }

  private StoreWriter writer() {
    if (writer == null) {
      throw new StoreException(
          "store " + file + " is open read-only; writing needs a writable store");
    }
    return writer;
  }

  private interface Read<T> {
    T from(Connection connection) throws SQLException;
  }

  /** Each read on its own connection to the same database, so reads never wait for the writer. */
  private <T> T read(String doing, Read<T> read) {
    try (Connection reader = reader()) {
      return read.from(reader);
    } catch (SQLException e) {
      throw StoreException.of(file, doing, e);
    }
  }

  /** A new connection to the database, showing abandoned runs as interrupted when there are any. */
  private Connection reader() throws SQLException {
    DuckDBConnection reader = connection.duplicate();
    if (opened == Opened.ALONE_WITH_ABANDONED_RUNS) {
      try {
        Recovery.showInterrupted(reader);
      } catch (SQLException e) {
        closeQuietly(reader, e);
        throw e;
      }
    }
    return reader;
  }

  /** A snapshot is this reader's alone: it goes when the reader is done. */
  private static void deleteCopy(Path copy) {
    try {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + ".wal"));
    } catch (IOException e) {
      // a copy left behind is only disk space; serve removes its leftovers when it stops
    }
  }

  private static void closeQuietly(Connection connection, Exception failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
