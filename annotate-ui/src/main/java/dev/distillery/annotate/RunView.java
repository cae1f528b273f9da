package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;
import static dev.distillery.annotate.StepView.fact;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.util.List;
import java.util.TreeSet;

/** The run page: header, labels, the labelling form and the whole timeline. */
final class RunView {
  private RunView() {}

  static String render(
      Run run,
      List<Run> family,
      List<TraceEvent> events,
      Labels.RunLabels labels,
      ListQuery query,
      List<String> failureTags,
      String user) {
    long lastSeq = events.isEmpty() ? -1 : events.get(events.size() - 1).seq();
    String data =
        "data-page=\"run\" data-run-id=\""
            + esc(run.id())
            + "\" data-query=\""
            + esc(query.filterQuery())
            + "\" data-last-seq=\""
            + lastSeq
            + "\"";
    StringBuilder content = new StringBuilder();
    content.append(header(run));
    content.append(ForkTreeView.render(run, family));
    content.append(labelSection(labels, failureTags));
    content.append("<section><h2>Timeline</h2><ol id=\"timeline\">");
    for (Timeline.Step step : Timeline.steps(events, labels.history(), -1)) {
      content.append(step.html());
    }
    content.append("</ol><p id=\"live\" class=\"muted\"></p></section>");
    return Layout.page(
        "run " + run.id().substring(0, Math.min(8, run.id().length())),
        user,
        data,
        content.toString());
  }

  private static String header(Run run) {
    StringBuilder out = new StringBuilder("<header class=\"run-header\"><h1>Run <code>");
    out.append(esc(run.id())).append("</code></h1><p class=\"facts\">");
    out.append("<span class=\"badge status-").append(run.status().wire()).append("\">");
    out.append(run.status().wire()).append("</span>");
    out.append(fact("outcome", run.outcome()));
    out.append(fact("source", source(run)));
    out.append(fact("model", run.spec().model()));
    out.append(fact("task", run.spec().taskId()));
    out.append(fact("suite run", run.spec().suiteRunId()));
    out.append(fact("attempt", run.spec().attempt()));
    out.append(fact("turns", run.turns()));
    out.append(fact("prompt tokens", run.usage().promptTokens()));
    out.append(fact("completion tokens", run.usage().completionTokens()));
    out.append(fact("cost", StepView.money(run.costUsd())));
    out.append(fact("started", run.startedAt()));
    out.append(fact("ended", run.endedAt())).append("</p>");
    out.append(StepView.pre(run.reason()));
    if (run.check() != null) {
      out.append("<div class=\"check\"><h2>Check</h2>").append(StepView.check(run.check()));
      out.append("</div>");
    }
    return out.append("</header>").toString();
  }

  /**
   * Where the run came from: recorded by serve's proxy or OTLP receiver for an agent Distillery did
   * not start, or this program's own agent in a mode.
   */
  static String source(Run run) {
    return switch (run.spec().mode()) {
      case "proxy" -> "recording proxy";
      case "otlp" -> "OTLP traces";
      default -> "Distillery agent (" + run.spec().mode() + " mode)";
    };
  }

  private static String labelSection(Labels.RunLabels labels, List<String> failureTags) {
    StringBuilder out = new StringBuilder("<section class=\"labels\"><h2>Labels</h2>");
    out.append("<ul id=\"latest-labels\">");
    if (labels.latest().isEmpty()) {
      out.append("<li class=\"muted\">not labelled yet</li>");
    }
    labels
        .latest()
        .forEach(
            (author, annotation) ->
                out.append("<li class=\"label-")
                    .append(esc(annotation.label()))
                    .append("\" data-author=\"")
                    .append(esc(author))
                    .append("\"><b>")
                    .append(esc(author))
                    .append("</b>: <span class=\"label\">")
                    .append(esc(annotation.label()))
                    .append("</span> <time>")
                    .append(esc(annotation.createdAt()))
                    .append("</time></li>"));
    out.append("</ul>").append(form(labels, failureTags)).append(history(labels.history()));
    return out.append("</section>").toString();
  }

  private static String form(Labels.RunLabels labels, List<String> failureTags) {
    TreeSet<String> tags = new TreeSet<>(failureTags);
    labels.history().forEach(a -> tags.addAll(a.tags()));
    StringBuilder out = new StringBuilder("<div class=\"label-form\">");
    out.append(
        "<button type=\"button\" id=\"label-correct\" data-label=\"correct\">✓ correct (c)</button>");
    out.append(
        "<button type=\"button\" id=\"label-incorrect\" data-label=\"incorrect\">✗ incorrect (x)</button>");
    out.append("<form id=\"tag-form\"><input id=\"tag-input\" list=\"tag-list\" maxlength=\"60\"");
    out.append(" placeholder=\"failure tag (t)\" autocomplete=\"off\"><datalist id=\"tag-list\">");
    tags.forEach(tag -> out.append("<option value=\"").append(esc(tag)).append("\">"));
    out.append("</datalist><button>add tag</button></form>");
    out.append("<div class=\"quick-tags\">");
    tags.forEach(
        tag ->
            out.append("<button type=\"button\" class=\"quick-tag\" data-tag=\"")
                .append(esc(tag))
                .append("\">")
                .append(esc(tag))
                .append("</button>"));
    out.append(
        "</div><form id=\"comment-form\"><textarea id=\"comment-input\" maxlength=\"10000\"");
    out.append(" placeholder=\"comment (m); Ctrl+Enter saves\"></textarea>");
    out.append("<button>save comment</button></form></div>");
    return out.toString();
  }

  private static String history(List<Annotation> history) {
    StringBuilder out = new StringBuilder("<details class=\"history\" open><summary>History (");
    out.append(history.size()).append(")</summary><ol id=\"history\" reversed>");
    for (int i = history.size() - 1; i >= 0; i--) {
      Annotation a = history.get(i);
      out.append("<li><time>").append(esc(a.createdAt())).append("</time> <b>");
      out.append(esc(a.author())).append("</b> ");
      if (a.eventId() != null) {
        out.append("<span class=\"muted\">on step ").append(esc(a.eventId())).append("</span> ");
      }
      if (a.label() != null) {
        out.append("<span class=\"label\">").append(esc(a.label())).append("</span> ");
      }
      a.tags().forEach(t -> out.append("<span class=\"tag\">").append(esc(t)).append("</span> "));
      if (a.comment() != null) {
        out.append("<q>").append(esc(a.comment())).append("</q>");
      }
      out.append("</li>");
    }
    return out.append("</ol></details>").toString();
  }
}
