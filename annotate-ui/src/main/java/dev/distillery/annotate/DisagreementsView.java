package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Agreement;
import java.util.List;
import java.util.Locale;

/**
 * How far two chosen label sources agree (κ, raw agreement, the confusion matrix, the runs they
 * label differently), then the runs whose annotators disagree.
 */
final class DisagreementsView {
  private DisagreementsView() {}

  static String render(
      List<Disagreements.Disputed> disputed,
      List<String> sources,
      Agreement.Result agreement,
      String user) {
    StringBuilder out = new StringBuilder("<h1>Disagreements</h1>");
    out.append("<form id=\"kappa-form\" method=\"get\" action=\"/disagreements\">Agreement of ");
    out.append(select("a", sources, agreement == null ? null : agreement.first().name()));
    out.append(" and ");
    out.append(select("b", sources, agreement == null ? null : agreement.second().name()));
    out.append(" <button>compute</button></form>");
    if (agreement != null) {
      agreement(out, agreement);
    }
    out.append("<h2>Runs whose annotators disagree</h2>");
    out.append("<table id=\"disputed\"><thead><tr><th>run</th><th>task</th><th>labels</th>");
    out.append("<th>prompt</th></tr></thead><tbody>");
    for (Disagreements.Disputed d : disputed) {
      String href = "/runs/" + esc(Html.url(d.run().id()));
      out.append("<tr class=\"run\" data-href=\"").append(href).append("\"><td><a href=\"");
      out.append(href).append("\"><code>").append(esc(d.run().id())).append("</code></a></td><td>");
      out.append(esc(d.run().spec().taskId())).append("</td><td>");
      d.labels()
          .forEach(
              (author, label) ->
                  out.append(esc(author)).append('=').append(esc(label)).append(' '));
      out.append("</td><td>").append(esc(Html.cut(d.run().spec().taskPrompt(), 100)));
      out.append("</td></tr>");
    }
    out.append("</tbody></table>");
    if (disputed.isEmpty()) {
      out.append("<p class=\"muted\">No disagreements.</p>");
    }
    return Layout.page("disagreements", user, "data-page=\"disagreements\"", out.toString());
  }

  private static void agreement(StringBuilder out, Agreement.Result agreement) {
    String a = esc(agreement.first().name());
    String b = esc(agreement.second().name());
    out.append("<p id=\"kappa\">Cohen's κ = <b>").append(number(agreement.kappa()));
    out.append("</b>, raw agreement <b id=\"raw\">").append(percent(agreement.raw()));
    out.append("</b> over ").append(agreement.runs()).append(" runs both labelled (");
    out.append(agreement.agreements()).append(" agree)</p>");
    Agreement.Matrix m = agreement.matrix();
    out.append("<table id=\"matrix\" class=\"numbers\"><thead><tr><th></th>");
    out.append("<th>").append(b).append(" correct</th><th>").append(b).append(" incorrect</th>");
    out.append("</tr></thead><tbody><tr><th>").append(a).append(" correct</th><td>");
    out.append(m.correctCorrect()).append("</td><td>").append(m.correctIncorrect());
    out.append("</td></tr><tr><th>").append(a).append(" incorrect</th><td>");
    out.append(m.incorrectCorrect()).append("</td><td>").append(m.incorrectIncorrect());
    out.append("</td></tr></tbody></table>");
    out.append("<h2>Runs they label differently</h2>");
    out.append("<table id=\"pair-disagreements\"><thead><tr><th>run</th><th>task</th><th>");
    out.append(a).append("</th><th>").append(b).append("</th></tr></thead><tbody>");
    for (Agreement.Disagreement d : agreement.disagreements()) {
      String href = "/runs/" + esc(Html.url(d.run().id()));
      out.append("<tr class=\"run\" data-href=\"").append(href).append("\"><td><a href=\"");
      out.append(href).append("\"><code>").append(esc(d.run().id())).append("</code></a></td><td>");
      out.append(esc(d.run().spec().taskId())).append("</td><td class=\"label-");
      out.append(esc(d.first())).append("\">").append(esc(d.first()));
      out.append("</td><td class=\"label-").append(esc(d.second())).append("\">");
      out.append(esc(d.second())).append("</td></tr>");
    }
    out.append("</tbody></table>");
    if (agreement.disagreements().isEmpty()) {
      out.append("<p class=\"muted\">They agree on every run both labelled.</p>");
    }
  }

  private static String number(Double value) {
    return value == null ? "undefined" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String percent(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }

  private static String select(String name, List<String> sources, String selected) {
    StringBuilder out = new StringBuilder("<select name=\"").append(name).append("\">");
    for (String source : sources) {
      out.append("<option value=\"").append(esc(source)).append('"');
      out.append(source.equals(selected) ? " selected" : "").append('>');
      out.append(esc(source)).append("</option>");
    }
    return out.append("</select>").toString();
  }
}
