package dev.distillery.store;

import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * How fast the store writes, next to the fastest way DuckDB can: the same events through {@link
 * DuckDbTraceStore#recordAll} and through a bare Appender into an identical {@code events} table,
 * each into a fresh file, in the same batches; then the latency of single durable {@link
 * DuckDbTraceStore#record} calls. All data is made before any clock starts. The files live in a new
 * folder under {@code dir} that is deleted at the end.
 */
public final class StoreBenchmark {
  private static final int WARM_UP_EVENTS = 4_000;

  private StoreBenchmark() {}

  public static BenchResult run(Path dir, int events, int batchSize, int latencySamples) {
    if (events < 1 || batchSize < 1 || latencySamples < 1) {
      throw new IllegalArgumentException("events, batch size and samples must be at least 1");
    }
    Path work = createWorkFolder(dir);
    try {
      SyntheticRuns generator = new SyntheticRuns(42);
      List<TraceEvent> warmUp = generator.events(Math.min(events, WARM_UP_EVENTS));
      List<TraceEvent> data = generator.events(events);
      List<EventRow> rows = data.stream().map(e -> EventCodec.encode(e).event()).toList();
      List<TraceEvent> samples = generator.events(latencySamples);

      viaStore(work.resolve("warm-store.duckdb"), warmUp, batchSize);
      viaAppender(work.resolve("warm-appender.duckdb"), rows.subList(0, warmUp.size()), batchSize);
      double storeRate = events / viaStore(work.resolve("store.duckdb"), data, batchSize);
      double appenderRate = events / viaAppender(work.resolve("appender.duckdb"), rows, batchSize);
      double[] latencies = latencies(work.resolve("latency.duckdb"), samples);
      return new BenchResult(
          events,
          batchSize,
          storeRate,
          appenderRate,
          storeRate / appenderRate,
          latencySamples,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99));
    } finally {
      deleteQuietly(work);
    }
  }

  /**
   * Seconds to write all events through the store, batch by batch, and close it: closing runs the
   * last checkpoint, work that a commit did not do.
   */
  private static double viaStore(Path file, List<TraceEvent> events, int batchSize) {
    DuckDbTraceStore store = DuckDbTraceStore.open(file);
    long start = System.nanoTime();
    try (store) {
      for (int from = 0; from < events.size(); from += batchSize) {
        store.recordAll(events.subList(from, Math.min(events.size(), from + batchSize)));
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Seconds to append the same rows with a bare Appender, one transaction per batch, on a
   * connection set up as the store's is, and close it.
   */
  private static double viaAppender(Path file, List<EventRow> rows, int batchSize) {
    long start;
    try (DuckDBConnection connection = Connections.readWrite(file)) {
      Migrations.standard().migrate(connection, file);
      start = System.nanoTime();
      for (int from = 0; from < rows.size(); from += batchSize) {
        Jdbc.begin(connection);
        try (DuckDBAppender appender = connection.createAppender("events")) {
          for (EventRow row : rows.subList(from, Math.min(rows.size(), from + batchSize))) {
            row.appendTo(appender);
          }
          appender.flush();
        }
        Jdbc.commit(connection);
      }
    } catch (SQLException e) {
      throw StoreException.of(file, "run the Appender baseline", e);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Milliseconds of each single record() call, sorted. */
  private static double[] latencies(Path file, List<TraceEvent> samples) {
    double[] millis = new double[samples.size()];
    try (DuckDbTraceStore store =
        DuckDbTraceStore.open(file, Migrations.standard(), Clock.systemUTC())) {
      for (int i = 0; i < samples.size(); i++) {
        long start = System.nanoTime();
        store.record(samples.get(i));
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(millis);
    return millis;
  }

  private static double percentile(double[] sorted, double fraction) {
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static Path createWorkFolder(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.createTempDirectory(dir, "distillery-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a benchmark folder in " + dir, e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // leftover benchmark files are harmless
    }
  }
}
