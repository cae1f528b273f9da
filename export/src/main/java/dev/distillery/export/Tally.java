package dev.distillery.export;

import dev.distillery.export.select.RunLabel;
import dev.distillery.trace.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Running totals of one export, kept in ordered maps so the card and summary never vary. */
final class Tally {
  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> rowsByLabel = new LinkedHashMap<>();
  private final Map<String, Long> leftOut = new TreeMap<>();
  private final Map<String, Long> skipped = new TreeMap<>();
  private final Map<String, Long> labels = new TreeMap<>();
  private final Map<String, Long> rowsBySource = new TreeMap<>();
  private final List<JudgeTrust> judges;
  private final Set<String> models = new TreeSet<>();
  private long pairs;
  private Instant newest;

  Tally(Set<String> splits, List<JudgeTrust> judges) {
    this.judges = List.copyOf(judges);
    for (String split : splits) {
      rows.put(split, 0L);
      rowsByLabel.put(split, new TreeMap<>());
    }
  }

  void leftOut(String reason, long runs) {
    if (runs > 0) {
      leftOut.merge(reason, runs, Long::sum);
    }
  }

  void selected(Run run, RunLabel label) {
    labels.merge(label.countKey(), 1L, Long::sum);
    models.add(run.spec().model());
    Instant at = run.endedAt() == null ? run.startedAt() : run.endedAt();
    newest = newest == null || at.isAfter(newest) ? at : newest;
  }

  void skipped(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  /**
   * One row written.
   *
   * @param sources the label source of each run in the row (two for a preference pair)
   */
  void written(String split, String label, boolean pair, List<String> sources) {
    sources.forEach(source -> rowsBySource.merge(source, 1L, Long::sum));
    rows.merge(split, 1L, Long::sum);
    rowsByLabel.computeIfAbsent(split, s -> new TreeMap<>()).merge(label, 1L, Long::sum);
    pairs += pair ? 1 : 0;
  }

  /** The newest end of a selected run: the card's date when none was given. */
  Instant newest() {
    return newest;
  }

  ExportSummary summary(ExportFormat format, Map<String, Long> redactions, List<String> files) {
    Map<String, Long> written = new LinkedHashMap<>();
    Map<String, Map<String, Long>> byLabel = new LinkedHashMap<>();
    rows.forEach(
        (split, count) -> {
          if (count > 0) {
            written.put(split, count);
            byLabel.put(split, rowsByLabel.get(split));
          }
        });
    return new ExportSummary(
        format,
        written,
        byLabel,
        leftOut,
        skipped,
        labels,
        redactions,
        new ArrayList<>(models),
        pairs,
        files,
        rowsBySource,
        judges);
  }
}
