package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The runs list: filters, one row per run, pages. */
final class RunListView {
  private RunListView() {}

  static String render(
      ListQuery query,
      List<Run> runs,
      long total,
      Map<String, Map<String, String>> labels,
      String notice,
      String user) {
    String data = "data-page=\"list\" data-query=\"" + esc(query.filterQuery()) + "\"";
    StringBuilder out = new StringBuilder("<h1>Runs</h1>");
    if (notice != null) {
      out.append("<p class=\"notice\">").append(esc(notice)).append("</p>");
    }
    out.append(filters(query));
    long first = total == 0 ? 0 : (long) (query.page() - 1) * query.size() + 1;
    long last = Math.min(total, first + runs.size() - 1);
    out.append("<p id=\"count\">")
        .append(first)
        .append("–")
        .append(last)
        .append(" of <b id=\"total\">");
    out.append(total).append("</b> runs</p>");
    out.append("<table id=\"runs\"><thead><tr><th>run</th><th>started</th><th>status</th>");
    out.append("<th>check</th><th>labels</th><th>model</th><th>task</th><th>prompt</th>");
    out.append("<th>tokens</th><th>cost</th></tr></thead><tbody>");
    String suffix = query.filterQuery().isEmpty() ? "" : "?" + query.filterQuery();
    for (Run run : runs) {
      out.append(row(run, labels.getOrDefault(run.id(), Map.of()), suffix));
    }
    out.append("</tbody></table>").append(pager(query, total));
    return Layout.page("runs", user, data, out.toString());
  }

  private static String row(Run run, Map<String, String> labels, String suffix) {
    String href = "/runs/" + esc(run.id()) + esc(suffix);
    StringBuilder labelText = new StringBuilder();
    labels.forEach(
        (author, label) ->
            labelText
                .append("<span class=\"label-")
                .append(esc(label))
                .append("\">")
                .append(esc(author))
                .append('=')
                .append(esc(label))
                .append("</span> "));
    return "<tr class=\"run\" data-href=\""
        + href
        + "\"><td><a href=\""
        + href
        + "\"><code>"
        + esc(run.id().substring(0, Math.min(10, run.id().length())))
        + "</code></a></td><td>"
        + esc(run.startedAt())
        + "</td><td><span class=\"badge status-"
        + run.status().wire()
        + "\">"
        + run.status().wire()
        + "</span>"
        + outcome(run)
        + "</td><td>"
        + (run.check() == null ? "–" : run.check().status().wire())
        + "</td><td>"
        + labelText
        + "</td><td>"
        + esc(run.spec().model())
        + "</td><td>"
        + esc(run.spec().taskId())
        + "</td><td class=\"prompt\">"
        + captured(run)
        + esc(Html.cut(run.spec().taskPrompt(), 120))
        + "</td><td>"
        + run.usage().total()
        + "</td><td>"
        + StepView.money(run.costUsd())
        + "</td></tr>";
  }

  private static String filters(ListQuery query) {
    StringBuilder out = new StringBuilder("<form id=\"filters\" method=\"get\" action=\"/\">");
    out.append(select("status", query.get("status"), names(RunStatus.values())));
    out.append(select("check", query.get("check"), names(CheckStatus.values())));
    out.append(select("label", query.get("label"), names(RunFilter.Label.values())));
    out.append(text("model", query.get("model"), "model"));
    out.append(text("task", query.get("task"), "task id"));
    out.append(text("suite", query.get("suite"), "suite run id"));
    out.append(text("tag", query.get("tag"), "failure tag"));
    out.append(text("signature", query.get("signature"), "failure signature"));
    out.append(text("q", query.get("q"), "search prompts and outputs (/)"));
    out.append(select("sort", query.get("sort"), names(RunFilter.Sort.values())));
    out.append("<button>filter</button> <a href=\"/\">clear</a>");
    out.append(" <a id=\"queue-link\" href=\"/queue/next");
    out.append(query.filterQuery().isEmpty() ? "" : "?" + esc(query.filterQuery()));
    out.append("\">next unlabelled (n)</a></form>");
    return out.toString();
  }

  private static String select(String name, String selected, List<String> options) {
    StringBuilder out = new StringBuilder("<label>").append(name).append(" <select name=\"");
    out.append(name).append("\">");
    if (!name.equals("sort")) {
      out.append("<option value=\"\">any</option>");
    }
    for (String option : options) {
      out.append("<option").append(option.equals(selected) ? " selected" : "").append('>');
      out.append(option).append("</option>");
    }
    return out.append("</select></label> ").toString();
  }

  private static String text(String name, String value, String placeholder) {
    return "<input name=\""
        + name
        + "\" id=\"filter-"
        + name
        + "\" value=\""
        + esc(value)
        + "\" placeholder=\""
        + placeholder
        + "\" maxlength=\""
        + ListQuery.MAX_VALUE_LENGTH
        + "\"> ";
  }

  private static List<String> names(Enum<?>[] values) {
    return java.util.Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  private static String pager(ListQuery query, long total) {
    long pages = Math.max(1, (total + query.size() - 1) / query.size());
    StringBuilder out = new StringBuilder("<p class=\"pager\">");
    if (query.page() > 1) {
      out.append("<a rel=\"prev\" href=\"").append(esc(query.pageLink(query.page() - 1)));
      out.append("\">← newer</a> ");
    }
    out.append("page ").append(query.page()).append(" of ").append(pages);
    if (query.page() < pages) {
      out.append(" <a rel=\"next\" href=\"").append(esc(query.pageLink(query.page() + 1)));
      out.append("\">older →</a>");
    }
    return out.append("</p>").toString();
  }

  /** How a run that did not simply succeed ended ({@code truncated}, {@code time_limit}). */
  private static String outcome(Run run) {
    if (run.outcome() == null
        || run.outcome().equals("answered")
        || run.status() == RunStatus.SUCCEEDED
        || run.status() == RunStatus.RUNNING) {
      return "";
    }
    return " <span class=\"muted outcome\">" + esc(run.outcome()) + "</span>";
  }

  /** A badge before the prompt of a run that serve recorded for another agent. */
  private static String captured(Run run) {
    String mode = run.spec().mode();
    return mode.equals("proxy") || mode.equals("otlp")
        ? "<span class=\"badge source\" title=\""
            + esc(RunView.source(run))
            + "\">"
            + esc(mode)
            + "</span> "
        : "";
  }
}
