package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;
import static dev.distillery.annotate.StepView.fact;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.util.List;

/**
 * The run page, an annotator's page: a short header, the labels (people's and any judge's apart)
 * and the labelling form at the top, then the conversation with its machinery folded.
 */
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
    boolean checkStep = events.stream().anyMatch(e -> e.kind() == EventKind.CHECK_RESULT);
    content.append(header(run, !checkStep));
    content.append(LabelsView.render(labels, events, failureTags));
    content.append(ForkTreeView.render(run, family));
    content.append("<section class=\"conversation\"><h2>Conversation</h2>");
    content.append("<ol id=\"timeline\">");
    content.append(Conversation.render(events, labels.history()));
    content.append("</ol><p id=\"live\" class=\"muted\"></p></section>");
    return Layout.page(
        "run " + run.id().substring(0, Math.min(8, run.id().length())),
        user,
        data,
        content.toString());
  }

  /**
   * @param check whether to show the run's check here (when no check step shows it in the
   *     conversation)
   */
  private static String header(Run run, boolean check) {
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
    if (check && run.check() != null) {
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
}
