package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Overview;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** The overview page: the figures of an {@link Overview}, each plot beside its numbers. */
final class OverviewView {
  private OverviewView() {}

  static String render(Overview o, String user) {
    StringBuilder out = new StringBuilder("<h1>Overview</h1>");
    out.append(form(o.filter()));
    out.append("<p id=\"total\">").append(o.runs()).append(" runs</p>");
    tasks(out, o);
    labels(out, o);
    tags(out, o);
    signatures(out, o);
    distributions(out, o);
    List<Svg.Bar> days = new ArrayList<>();
    o.runsPerDay()
        .forEach(
            d -> days.add(bar(d.name(), d.count(), d.name() + ": " + d.count() + " runs", null)));
    section(
        out,
        "days",
        "Runs per day",
        Svg.columns("runs per day", days, 0),
        counts(o.runsPerDay(), "day"));
    if (!o.rounds().isEmpty()) {
      List<Svg.Bar> bars = new ArrayList<>();
      StringBuilder table =
          new StringBuilder(NumberTable.head("round", "graded", "passes", "pass@1"));
      for (Overview.Round r : o.rounds()) {
        double rate = r.passAt1() == null ? 0 : r.passAt1();
        bars.add(
            bar(
                "round " + r.round(),
                rate,
                "round " + r.round() + ": pass@1 " + rate(r.passAt1()),
                null));
        table.append(NumberTable.row(r.round(), r.graded(), r.passes(), rate(r.passAt1())));
      }
      section(
          out,
          "rounds",
          "Pass@1 per round",
          Svg.columns("pass@1 per round", bars, 1),
          table + "</table>");
    }
    StringBuilder export = new StringBuilder(NumberTable.head("formats", "runs", "left out"));
    for (Overview.ExportCount e : o.export()) {
      StringJoiner left = new StringJoiner(", ");
      e.leftOut().stream()
          .filter(c -> c.count() > 0)
          .forEach(c -> left.add(c.name() + " " + c.count()));
      export.append(NumberTable.row(e.formats(), e.runs(), left.toString()));
    }
    section(
        out,
        "export",
        "What an export would hold now (default options, from labels)",
        "",
        export + "</table>");
    return Layout.page("Overview", user, "data-page=\"overview\"", out.toString());
  }

  private static void tasks(StringBuilder out, Overview o) {
    List<Svg.Bar> bars = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            NumberTable.head(
                "task",
                "attempts",
                "graded",
                "pass@1",
                "pass@k",
                "unlabelled",
                "correct",
                "incorrect",
                "disputed",
                "judge: unlabelled",
                "correct",
                "incorrect",
                "disputed"));
    for (Overview.TaskFigures t : o.tasks()) {
      String href = runs(o.filter(), t.taskId(), null, null);
      bars.add(
          bar(
              t.taskId(),
              t.passAt1() == null ? 0 : t.passAt1(),
              t.taskId() + ": pass@1 " + rate(t.passAt1()) + ", pass@k " + rate(t.passAtK()),
              href));
      Overview.LabelCounts p = t.people();
      Overview.LabelCounts j = t.judge();
      table.append(
          NumberTable.row(
              NumberTable.link(href, t.taskId()),
              t.attempts(),
              t.graded(),
              rate(t.passAt1()),
              rate(t.passAtK()),
              p.unlabelled(),
              p.correct(),
              p.incorrect(),
              p.disputed(),
              j.unlabelled(),
              j.correct(),
              j.incorrect(),
              j.disputed()));
    }
    section(
        out,
        "tasks",
        "Per task: pass@1 from checks, and the labels of people and of model judges",
        Svg.rows("pass@1 per task", bars, 1),
        table + "</table>");
  }

  private static void labels(StringBuilder out, Overview o) {
    StringBuilder plots = new StringBuilder();
    StringBuilder table =
        new StringBuilder(
            NumberTable.head("source", "unlabelled", "correct", "incorrect", "disputed"));
    for (Overview.Coverage c : o.coverage()) {
      Overview.LabelCounts n = c.counts();
      plots
          .append("<p>")
          .append(esc(c.source()))
          .append("</p>")
          .append(
              Svg.stacked(
                  "labels from " + c.source(),
                  List.of(
                      new Svg.Part("correct", n.correct(), "#3a9a5b"),
                      new Svg.Part("incorrect", n.incorrect(), "#c8483c"),
                      new Svg.Part("disputed", n.disputed(), "#e0a030"),
                      new Svg.Part("unlabelled", n.unlabelled(), "#cccccc"))));
      table.append(
          NumberTable.row(c.source(), n.unlabelled(), n.correct(), n.incorrect(), n.disputed()));
    }
    table.append("</table>").append(agreement(o.judgeAgreement()));
    section(out, "labels", "Label coverage", plots.toString(), table.toString());
  }

  /** The judge beside people, once a judge and people both labelled some run. */
  private static String agreement(Overview.Agreement a) {
    if (a.runs() == 0) {
      return "<p class=\"note\" id=\"agreement\">Judge and people: no run labelled by both yet"
          + " (a judge's annotations have an author starting with <code>judge:</code>).</p>";
    }
    return "<p id=\"agreement\">Judge and people agree on "
        + rate(a.agreement())
        + " of the "
        + a.runs()
        + " runs both labelled (κ "
        + rate(a.kappa())
        + ")</p>"
        + NumberTable.head("people \\ judge", "correct", "incorrect")
        + NumberTable.row("correct", a.correctCorrect(), a.correctIncorrect())
        + NumberTable.row("incorrect", a.incorrectCorrect(), a.incorrectIncorrect())
        + "</table>";
  }

  private static void tags(StringBuilder out, Overview o) {
    List<Svg.Bar> bars = new ArrayList<>();
    StringBuilder table = new StringBuilder(NumberTable.head("tag", "runs"));
    for (Overview.Count c : o.failureTags()) {
      String href = runs(o.filter(), o.filter().task(), c.name(), null);
      bars.add(bar(c.name(), c.count(), c.name() + ": " + c.count() + " runs", href));
      table.append(NumberTable.row(NumberTable.link(href, c.name()), c.count()));
    }
    section(out, "tags", "Failure tags", Svg.rows("failure tags", bars, 0), table + "</table>");
  }

  private static void signatures(StringBuilder out, Overview o) {
    List<Svg.Bar> bars = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(NumberTable.head("signature", "source", "runs", "occurrences"));
    for (Overview.Signature s : o.signatures()) {
      String href = runs(o.filter(), o.filter().task(), null, s.signature());
      bars.add(
          bar(
              s.signature(),
              s.runs(),
              s.signature() + ": " + s.runs() + " runs (" + s.occurrences() + " failures)",
              href));
      table.append(
          NumberTable.row(
              NumberTable.link(href, s.signature()), s.source(), s.runs(), s.occurrences()));
    }
    section(
        out,
        "signatures",
        "Top failure signatures (runs that had each)",
        Svg.rows("failure signatures", bars, 0),
        table + "</table>");
  }

  private static void distributions(StringBuilder out, Overview o) {
    for (Overview.Histogram h : o.distributions()) {
      List<Svg.Bar> bars = new ArrayList<>();
      StringBuilder table = new StringBuilder(NumberTable.head(h.name(), "runs"));
      for (Overview.Bucket b : h.buckets()) {
        String range = Svg.number(b.from()) + " – " + Svg.number(b.to());
        bars.add(bar(range, b.count(), h.name() + " " + range + ": " + b.count() + " runs", null));
        table.append(NumberTable.row(range, b.count()));
      }
      section(
          out,
          "dist-" + h.name(),
          "Per run: " + h.name().replace('_', ' '),
          Svg.columns(h.name() + " per run", bars, 0),
          table + "</table>");
    }
  }

  private static String form(Overview.Filter f) {
    StringBuilder form =
        new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/overview\">");
    input(form, "suite", f.suite());
    input(form, "task", f.task());
    input(form, "model", f.model());
    input(form, "since", f.since());
    input(form, "until", f.until());
    return form.append("<button type=\"submit\">Show</button></form>").toString();
  }

  private static void input(StringBuilder form, String name, Object value) {
    form.append("<label>")
        .append(name)
        .append(" <input name=\"")
        .append(name)
        .append("\" value=\"")
        .append(esc(value))
        .append("\"")
        .append(name.equals("since") || name.equals("until") ? " type=\"date\"" : "")
        .append("></label> ");
  }

  /** The runs list under the overview's task and model filters (it has no suite name or dates). */
  static String runs(Overview.Filter f, String task, String tag, String signature) {
    StringJoiner query = new StringJoiner("&");
    if (f.model() != null) {
      query.add("model=" + Html.url(f.model()));
    }
    if (task != null) {
      query.add("task=" + Html.url(task));
    }
    if (tag != null) {
      query.add("tag=" + Html.url(tag));
    }
    if (signature != null) {
      query.add("signature=" + Html.url(signature));
    }
    return "/?" + query;
  }

  private static void section(
      StringBuilder out, String id, String title, String plot, String numbers) {
    out.append("<section id=\"")
        .append(id)
        .append("\"><h2>")
        .append(esc(title))
        .append("</h2>")
        .append("<div class=\"plot-box\">")
        .append(plot)
        .append("</div>")
        .append(numbers)
        .append("</section>");
  }

  private static Svg.Bar bar(String label, double value, String title, String href) {
    return new Svg.Bar(label, value, title, href);
  }

  private static String counts(List<Overview.Count> counts, String name) {
    StringBuilder table = new StringBuilder(NumberTable.head(name, "runs"));
    counts.forEach(c -> table.append(NumberTable.row(c.name(), c.count())));
    return table + "</table>";
  }

  private static String rate(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }
}
