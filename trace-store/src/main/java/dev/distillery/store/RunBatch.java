package dev.distillery.store;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunResumed;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@code runs} rows of one batch. A run that starts in the batch is built in memory, whatever
 * else the batch says about it, and appended once; a run that started before gets its updates
 * through {@link RunUpdates}, in event order. So a batch costs a statement only per run that
 * crosses its edge, not per event that touches a run. The search columns of a run that finishes in
 * the batch go with its row or its finish update: made from the texts the batch and the writer hold
 * ({@link RunTexts}), or, for a run whose earlier texts neither holds, read from its events.
 */
final class RunBatch {
  private final RunTexts held;
  private final Map<String, RunRow> started = new LinkedHashMap<>();
  private final List<TraceEvent> earlierRuns = new ArrayList<>();

  /** The texts of runs whose every searched text is known: started in the batch, or held. */
  private final Map<String, RunTexts.Text> texts = new HashMap<>();

  /** Runs with a searched text in the batch whose earlier texts are not known. */
  private final Set<String> unknown = new HashSet<>();

  /** For each run finished or resumed in the batch: whether it was finished last. */
  private final Map<String, Boolean> finishedLast = new LinkedHashMap<>();

  RunBatch(RunTexts held) {
    this.held = held;
  }

  void add(TraceEvent event, EventRow row) {
    switch (RunUpdates.effect(event.kind())) {
      case STARTS -> start(event);
      case CHECKS, FINISHES, RESUMES -> update(event);
      case NONE -> {}
    }
    if (event.kind() == EventKind.RUN_FINISHED || event.kind() == EventKind.RUN_RESUMED) {
      finishedLast.put(event.runId(), event.kind() == EventKind.RUN_FINISHED);
    }
    if (RunSearch.searched(row)) {
      addText(event.runId(), row.seq(), row.text());
    }
  }

  private void start(TraceEvent event) {
    RunSpec spec = ((RunStarted) event.payload()).spec();
    RunRow row = RunRow.started(event, spec);
    if (started.putIfAbsent(event.runId(), row) != null) {
      throw new StoreException("run " + event.runId() + " starts twice in one batch");
    }
    if (!unknown.contains(event.runId()) && held.mayHold(event.runId())) {
      texts.put(event.runId(), new RunTexts.Text(spec.taskPrompt()));
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

  private void addText(String runId, long seq, String text) {
    RunTexts.Text known = texts.get(runId);
    if (known == null && !unknown.contains(runId) && held.get(runId) != null) {
      known = held.get(runId).copy();
      texts.put(runId, known);
    }
    if (known == null) {
      unknown.add(runId);
    } else {
      known.add(seq, text);
    }
  }

  /** Writes the rows and updates, in the batch's transaction, once its events are appended. */
  void write(DuckDBConnection connection, RunUpdates updates) throws SQLException {
    Map<String, SearchText> columns = new HashMap<>();
    List<String> toRead = new ArrayList<>();
    for (Map.Entry<String, Boolean> run : finishedLast.entrySet()) {
      RunTexts.Text known = texts.get(run.getKey());
      if (run.getValue() && known != null) {
        columns.put(run.getKey(), known.searchText());
      } else if (run.getValue()) {
        toRead.add(run.getKey());
      }
    }
    if (!started.isEmpty()) {
      try (DuckDBAppender runs = connection.createAppender("runs")) {
        for (RunRow row : started.values()) {
          row.appendTo(runs, columns.getOrDefault(row.id(), SearchText.NONE));
        }
        runs.flush();
      }
    }
    Map<String, SearchText> read = RunSearch.read(connection, toRead);
    columns.putAll(read);
    for (TraceEvent event : earlierRuns) {
      updates.apply(event, columns.getOrDefault(event.runId(), SearchText.NONE));
    }
    for (String runId : toRead) {
      if (started.containsKey(runId)) {
        updates.search(runId, read.get(runId));
      }
    }
  }

  /** Tells the writer's {@link RunTexts} what the batch wrote, once it has committed. */
  void committed() {
    unknown.forEach(held::unheld);
    for (Map.Entry<String, RunTexts.Text> run : texts.entrySet()) {
      if (!finishedLast.getOrDefault(run.getKey(), false)) {
        held.put(run.getKey(), run.getValue());
      }
    }
    finishedLast.forEach(
        (runId, finished) -> {
          if (finished) {
            held.finished(runId);
          }
        });
  }
}
