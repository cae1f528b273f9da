package dev.distillery.store;

import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunResumed;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.TraceEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code runs} rows of one batch. A run that starts in the batch is built in memory, whatever
 * else the batch says about it, and appended once; a run that started before gets its updates
 * through {@link RunUpdates}, in event order. So a batch costs a statement only per run that
 * crosses its edge, not per event that touches a run.
 */
final class RunBatch {
  private final Map<String, RunRow> started = new LinkedHashMap<>();
  private final List<TraceEvent> earlierRuns = new ArrayList<>();

  void add(TraceEvent event) {
    switch (event.kind()) {
      case RUN_STARTED -> start(event);
      case CHECK_RESULT, RUN_FINISHED, RUN_RESUMED -> update(event);
      default -> {}
    }
  }

  private void start(TraceEvent event) {
    RunRow row = RunRow.started(event, ((RunStarted) event.payload()).spec());
    if (started.putIfAbsent(event.runId(), row) != null) {
      throw new StoreException("run " + event.runId() + " starts twice in one batch");
    }
  }

  private void update(TraceEvent event) {
    RunRow row = started.get(event.runId());
    if (row == null) {
      earlierRuns.add(event);
    } else if (event.payload() instanceof RunResumed) {
      started.put(event.runId(), row.resumed());
    } else if (event.payload() instanceof RunFinished finished) {
      started.put(event.runId(), row.finished(event, finished));
    } else {
      started.put(event.runId(), row.checked(((CheckFinished) event.payload()).result()));
    }
  }

  void write(DuckDBConnection connection, RunUpdates updates) throws SQLException {
    if (!started.isEmpty()) {
      try (DuckDBAppender runs = connection.createAppender("runs")) {
        for (RunRow row : started.values()) {
          row.appendTo(runs);
        }
        runs.flush();
      }
    }
    for (TraceEvent event : earlierRuns) {
      updates.apply(event);
    }
  }
}
