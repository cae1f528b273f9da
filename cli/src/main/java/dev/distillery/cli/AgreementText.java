package dev.distillery.cli;

import dev.distillery.trace.Agreement;
import java.io.PrintWriter;
import java.util.List;

/** The text {@code distillery agreement} prints: a table of pairs, or one pair in full. */
final class AgreementText {
  private AgreementText() {}

  static void pairs(PrintWriter out, List<Agreement.Result> pairs) {
    TextTable table = new TextTable(List.of("A", "B", "RUNS", "AGREE", "RAW", "KAPPA"), 40);
    for (Agreement.Result pair : pairs) {
      table.row(
          List.of(
              pair.first().name(),
              pair.second().name(),
              pair.runs(),
              pair.agreements(),
              AgreementCommand.percent(pair.raw()),
              AgreementCommand.kappa(pair.kappa())));
    }
    table.print(out);
    out.println(
        "(runs both labelled; --a A --b B shows a pair's matrix and the runs they differ on)");
  }

  static void pair(PrintWriter out, Agreement.Result pair) {
    String a = pair.first().name();
    String b = pair.second().name();
    out.printf(
        "%s vs %s: %d runs both labelled, raw agreement %s (%d of %d), Cohen's kappa %s%n%n",
        a,
        b,
        pair.runs(),
        AgreementCommand.percent(pair.raw()),
        pair.agreements(),
        pair.runs(),
        AgreementCommand.kappa(pair.kappa()));
    Agreement.Matrix m = pair.matrix();
    TextTable matrix = new TextTable(List.of("", b + " correct", b + " incorrect"), 60);
    matrix.row(List.of(a + " correct", m.correctCorrect(), m.correctIncorrect()));
    matrix.row(List.of(a + " incorrect", m.incorrectCorrect(), m.incorrectIncorrect()));
    matrix.print(out);
    List<Agreement.Disagreement> differing = pair.disagreements();
    out.println();
    if (differing.isEmpty()) {
      out.println("they agree on every run both labelled");
      return;
    }
    out.println(
        differing.size() + (differing.size() == 1 ? " run" : " runs") + " they label differently:");
    TextTable runs = new TextTable(List.of("RUN", "TASK", a, b), 40);
    for (Agreement.Disagreement d : differing) {
      runs.row(
          List.of(
              d.run().id(),
              d.run().spec().taskId() == null
                  ? Format.firstLine(d.run().spec().taskPrompt(), 30)
                  : d.run().spec().taskId(),
              d.first(),
              d.second()));
    }
    runs.print(out);
  }
}
