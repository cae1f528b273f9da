package dev.distillery.export.write;

import dev.distillery.export.ExportOptions;
import dev.distillery.export.ExportSummary;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The dataset card: a Hugging Face YAML header declaring the config and its splits, then what is in
 * the dataset and how it was made. Only fixed inputs go in (no clock, sorted maps), so the same
 * export gives the same card.
 */
final class DatasetCard {
  private DatasetCard() {}

  static String render(ExportOptions options, ExportSummary summary, Instant date, String version) {
    String config = options.format().cliName();
    StringBuilder card = new StringBuilder();
    card.append("---\nconfigs:\n- config_name: ").append(config).append('\n');
    if (summary.rows().isEmpty()) {
      card.append("  data_files: []\n");
    } else {
      card.append("  data_files:\n");
    }
    for (String split : summary.rows().keySet()) {
      card.append("  - split: ")
          .append(split)
          .append("\n    path: ")
          .append(DatasetFiles.cardPath(options, split))
          .append('\n');
    }
    card.append("tags:\n- distillery\n- agent-trajectories\n---\n\n");
    card.append("# ").append(config).append(" dataset exported by Distillery\n\n");
    card.append("- date: ").append(date == null ? "(no runs)" : date.toString()).append('\n');
    card.append("- exporter: distillery ").append(version).append('\n');
    card.append("- format: ").append(config).append(", ");
    card.append(options.parquet() ? "Parquet (ZSTD)" : "JSONL").append('\n');
    rows(card, summary);
    section(card, "Selected runs by label", summary.labels());
    if (options.labels() != null) {
      section(card, "Rows by label source", summary.rowsBySource());
    }
    card.append("\n## Models\n\n");
    if (summary.models().isEmpty()) {
      card.append("none\n");
    }
    summary.models().forEach(model -> card.append("- ").append(model).append('\n'));
    CardNotes.append(card, options);
    how(card, options, summary);
    section(card, "Redactions", summary.redactions());
    section(card, "Runs left out", summary.leftOut());
    section(card, "Rows skipped as invalid", summary.skipped());
    return card.toString();
  }

  private static void rows(StringBuilder card, ExportSummary summary) {
    TreeSet<String> labels = new TreeSet<>();
    summary.rowsByLabel().values().forEach(counts -> labels.addAll(counts.keySet()));
    card.append("\n## Rows\n\n| split | rows |");
    labels.forEach(label -> card.append(' ').append(label).append(" |"));
    card.append("\n|---|---|");
    labels.forEach(label -> card.append("---|"));
    card.append('\n');
    summary
        .rows()
        .forEach(
            (split, rows) -> {
              card.append("| ").append(split).append(" | ").append(rows).append(" |");
              Map<String, Long> byLabel = summary.rowsByLabel().get(split);
              labels.forEach(
                  label -> card.append(' ').append(byLabel.getOrDefault(label, 0L)).append(" |"));
              card.append('\n');
            });
    if (summary.pairs() > 0) {
      card.append("\nPreference pairs (a correct and an incorrect attempt at the same task): ")
          .append(summary.pairs())
          .append(".\n");
    }
  }

  private static void how(StringBuilder card, ExportOptions options, ExportSummary summary) {
    card.append("\n## How it was made\n\n");
    card.append("- label: ").append(options.label());
    if (options.labels() == null) {
      card.append(options.useCheck() ? " (the check's outcome where no person labelled)" : "");
    }
    card.append('\n');
    if (options.labels() != null) {
      StringJoiner sources = new StringJoiner(", ");
      options.labelOrder().forEach(source -> sources.add(source.name()));
      card.append("- label sources, the first that has a label wins: ").append(sources);
      card.append('\n');
    }
    summary
        .judges()
        .forEach(judge -> card.append("- judge ").append(judge.describe()).append('\n'));
    card.append("- annotator conflicts: ").append(options.majority() ? "majority" : "skip");
    card.append('\n');
    if (options.format().correctOnly()) {
      card.append("- SFT takes: ");
      card.append(options.includeIncorrectInSft() ? "every selected label" : "correct runs only");
      card.append('\n');
    }
    if (options.format().labelled()) {
      card.append("- runs whose answer was cut by the length limit or empty: ");
      card.append(options.includeIncomplete() ? "included" : "left out").append('\n');
    }
    card.append("- trained assistant turns (OpenAI weight): ");
    card.append(options.trainOnAll() ? "all" : "final").append('\n');
    card.append("- splits by task: ");
    StringJoiner splits = new StringJoiner(",");
    options.splits().forEach((name, fraction) -> splits.add(name + "=" + fraction));
    card.append(splits);
    card.append(", seed ").append(options.seed()).append('\n');
    card.append("- redaction: ").append(options.redact() ? "on" : "off");
    if (options.redact() && !options.extraPatterns().isEmpty()) {
      card.append(", plus ").append(options.extraPatterns().size()).append(" custom pattern(s)");
    }
    card.append('\n');
    options
        .filters()
        .forEach(
            (name, value) ->
                card.append("- ").append(name).append(": ").append(value).append('\n'));
  }

  private static void section(StringBuilder card, String title, Map<String, Long> counts) {
    card.append("\n## ").append(title).append("\n\n");
    if (counts.isEmpty()) {
      card.append("none\n");
      return;
    }
    card.append("| | count |\n|---|---|\n");
    counts.forEach(
        (name, count) -> card.append("| ").append(name).append(" | ").append(count).append(" |\n"));
  }
}
