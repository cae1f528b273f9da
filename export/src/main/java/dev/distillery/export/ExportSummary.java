package dev.distillery.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export wrote and left out. Every map iterates in a fixed order (splits as declared,
 * everything else sorted), so printing it gives the same text every time.
 *
 * @param rows rows written per split
 * @param rowsByLabel per split, rows by label ({@code correct}, {@code incorrect}, {@code
 *     unlabelled}, {@code disputed}; {@code pair} for preference rows)
 * @param leftOut runs not selected, by reason (unlabelled, disputed, not correct for SFT, ...)
 * @param skipped rows that broke their format's rules, by reason
 * @param labels selected runs by label
 * @param redactions replacements by pattern
 * @param models the models of the selected runs, sorted
 * @param pairs preference pairs made (each a correct and an incorrect attempt at one task)
 * @param files the files written, relative to the output folder
 * @param rowsBySource runs in the written rows by the source of their label ({@code human}, {@code
 *     judge}, {@code check}, {@code none}, {@code disputed}); a preference pair counts each of its
 *     two runs
 * @param judges the judges measured against people before their labels were used ({@code
 *     --min-judge-kappa})
 */
public record ExportSummary(
    ExportFormat format,
    Map<String, Long> rows,
    Map<String, Map<String, Long>> rowsByLabel,
    Map<String, Long> leftOut,
    Map<String, Long> skipped,
    Map<String, Long> labels,
    Map<String, Long> redactions,
    List<String> models,
    long pairs,
    List<String> files,
    Map<String, Long> rowsBySource,
    List<JudgeTrust> judges) {
  public ExportSummary {
    rows = copy(rows);
    Map<String, Map<String, Long>> byLabel = new LinkedHashMap<>();
    rowsByLabel.forEach((split, counts) -> byLabel.put(split, copy(counts)));
    rowsByLabel = Collections.unmodifiableMap(byLabel);
    leftOut = copy(leftOut);
    skipped = copy(skipped);
    labels = copy(labels);
    redactions = copy(redactions);
    models = List.copyOf(models);
    files = List.copyOf(files);
    rowsBySource = copy(rowsBySource);
    judges = List.copyOf(judges);
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalSkipped() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
