package dev.distillery.cli;

import dev.distillery.trace.Overview;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An {@link Overview} as text: tables, with bars of unicode blocks where they help. */
final class StatsText {
  private static final String EIGHTHS = " ▏▎▍▌▋▊▉█";
  private static final String LEVELS = "▁▂▃▄▅▆▇█";
  private static final int BAR = 30;

  private final PrintWriter out;

  StatsText(PrintWriter out) {
    this.out = out;
  }

  void print(Overview o) {
    out.println(o.runs() + " runs" + filter(o.filter()));
    if (o.runs() == 0) {
      return;
    }
    section("TASKS (latest run of each attempt)");
    TextTable tasks =
        new TextTable(
            List.of(
                "TASK",
                "ATTEMPTS",
                "GRADED",
                "PASS@1",
                "PASS@K",
                "PEOPLE: NONE/OK/WRONG/DISPUTED",
                "JUDGE"),
            40);
    for (Overview.TaskFigures t : o.tasks()) {
      Overview.LabelCounts p = t.people();
      Overview.LabelCounts j = t.judge();
      tasks.row(
          List.of(
              t.taskId(),
              t.attempts(),
              t.graded(),
              rate(t.passAt1()),
              rate(t.passAtK()),
              p.unlabelled() + "/" + p.correct() + "/" + p.incorrect() + "/" + p.disputed(),
              j.unlabelled() + "/" + j.correct() + "/" + j.incorrect() + "/" + j.disputed()));
    }
    tasks.print(out);
    section("LABELS (judge: annotations by judge:<model>)");
    for (Overview.Coverage c : o.coverage()) {
      Overview.LabelCounts n = c.counts();
      out.printf(
          Locale.ROOT,
          "%-7s %s  unlabelled %d · correct %d · incorrect %d%s%n",
          c.source(),
          bar(n.correct() + n.incorrect() + n.disputed(), o.runs()),
          n.unlabelled(),
          n.correct(),
          n.incorrect(),
          c.source().equals("check") ? "" : " · disputed " + n.disputed());
    }
    Overview.Agreement a = o.judgeAgreement();
    if (a.runs() > 0) {
      out.printf(
          Locale.ROOT,
          "judge vs people: agree on %s of %d runs both labelled, kappa %s%n",
          rate(a.agreement()),
          a.runs(),
          rate(a.kappa()));
    }
    counts("FAILURE TAGS (runs)", o.failureTags());
    if (!o.signatures().isEmpty()) {
      section("TOP FAILURE SIGNATURES (runs, failures)");
      long max = o.signatures().get(0).runs();
      for (Overview.Signature s : o.signatures()) {
        out.printf(
            Locale.ROOT,
            "%s %5d %6d  %-5s %s%n",
            bar(s.runs(), max),
            s.runs(),
            s.occurrences(),
            s.source(),
            Format.firstLine(s.signature(), 70));
      }
    }
    section("PER RUN (runs per bucket, smallest to largest)");
    for (Overview.Histogram h : o.distributions()) {
      if (h.buckets().isEmpty()) {
        out.printf(Locale.ROOT, "%-13s no values%n", h.name());
        continue;
      }
      List<Long> n = h.buckets().stream().map(Overview.Bucket::count).toList();
      out.printf(
          Locale.ROOT,
          "%-13s %s  %s … %s  %s%n",
          h.name(),
          spark(n),
          number(h.buckets().get(0).from()),
          number(h.buckets().get(h.buckets().size() - 1).to()),
          n);
    }
    counts("RUNS PER DAY", o.runsPerDay());
    if (!o.rounds().isEmpty()) {
      section("PASS@1 PER ROUND");
      for (Overview.Round r : o.rounds()) {
        out.printf(
            Locale.ROOT,
            "round %-3d %s %s  (%d of %d)%n",
            r.round(),
            bar(r.passes(), r.graded()),
            rate(r.passAt1()),
            r.passes(),
            r.graded());
      }
    }
    section("EXPORT NOW (default options, from labels)");
    for (Overview.ExportCount e : o.export()) {
      List<String> out = new ArrayList<>();
      e.leftOut().stream()
          .filter(c -> c.count() > 0)
          .forEach(c -> out.add(c.name() + " " + c.count()));
      this.out.printf(
          Locale.ROOT,
          "%-26s %6d runs%s%n",
          e.formats(),
          e.runs(),
          out.isEmpty() ? "" : "   left out: " + String.join(", ", out));
    }
  }

  private void counts(String title, List<Overview.Count> counts) {
    if (counts.isEmpty()) {
      return;
    }
    section(title);
    long max = counts.stream().mapToLong(Overview.Count::count).max().orElse(1);
    int width = counts.stream().mapToInt(c -> Math.min(40, c.name().length())).max().orElse(0);
    for (Overview.Count c : counts) {
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %s %d%n",
          Format.firstLine(c.name(), 40),
          bar(c.count(), max),
          c.count());
    }
  }

  private void section(String title) {
    out.println();
    out.println(title);
  }

  private static String filter(Overview.Filter f) {
    StringBuilder text = new StringBuilder();
    append(text, "suite", f.suite());
    append(text, "task", f.task());
    append(text, "model", f.model());
    append(text, "since", f.since());
    append(text, "until", f.until());
    return text.toString();
  }

  private static void append(StringBuilder text, String name, Object value) {
    if (value != null) {
      text.append(" · ").append(name).append(' ').append(value);
    }
  }

  /** A bar of {@link #BAR} cells, filled in eighths in proportion to {@code value / max}. */
  static String bar(long value, long max) {
    int eighths = max <= 0 ? 0 : (int) Math.round(8.0 * BAR * value / max);
    StringBuilder bar = new StringBuilder("█".repeat(eighths / 8));
    if (eighths % 8 > 0) {
      bar.append(EIGHTHS.charAt(eighths % 8));
    }
    return bar + " ".repeat(BAR - bar.length());
  }

  private static String spark(List<Long> counts) {
    long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
    StringBuilder line = new StringBuilder();
    for (long n : counts) {
      line.append(n == 0 ? ' ' : LEVELS.charAt((int) Math.min(7, (n * 8 - 1) / Math.max(1, max))));
    }
    return line.toString();
  }

  private static String rate(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.4g", value);
  }
}
