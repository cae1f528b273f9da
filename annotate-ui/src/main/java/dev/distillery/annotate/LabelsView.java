package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventSummary;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.TraceEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The top of a run page: people's current labels, each judge's verdict apart (with its reason and
 * the step it names), the labelling form and the history, folded.
 */
final class LabelsView {
  private LabelsView() {}

  static String render(Labels.RunLabels labels, List<TraceEvent> events, List<String> failureTags) {
    StringBuilder out = new StringBuilder("<section class=\"labels\"><h2>Labels</h2>");
    out.append("<div class=\"sources\"><div class=\"people\"><h3>People</h3>");
    out.append("<ul id=\"latest-labels\">");
    Map<String, Annotation> people = new TreeMap<>();
    labels.latest().entrySet().stream()
        .filter(e -> LabelSource.ofAuthor(e.getKey()) == LabelSource.HUMAN)
        .forEach(e -> people.put(e.getKey(), e.getValue()));
    if (people.isEmpty()) {
      out.append("<li class=\"muted\">not labelled yet</li>");
    }
    people.forEach(
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
    out.append("</ul></div>").append(judges(labels, events)).append("</div>");
    out.append(form(labels, failureTags)).append(history(labels.history()));
    return out.append("</section>").toString();
  }

  /** Each judge's current verdict: label, tags, reason (its comment) and the step it names. */
  private static String judges(Labels.RunLabels labels, List<TraceEvent> events) {
    Map<String, Annotation> verdicts = new TreeMap<>();
    labels.history().stream()
        .filter(a -> LabelSource.ofAuthor(a.author()) == LabelSource.JUDGE)
        .map(Annotation::author)
        .distinct()
        .forEach(
            author -> {
              Annotation verdict = labels.latest().get(author);
              if (verdict == null) {
                // a judge that labelled only the step where the run went wrong
                verdict = stepLabel(labels.history(), author, null);
              }
              if (verdict != null) {
                verdicts.put(author, verdict);
              }
            });
    if (verdicts.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<div class=\"judges\"><h3>Judge</h3>");
    out.append("<ul id=\"judge-labels\">");
    verdicts.forEach(
        (author, verdict) -> {
          Annotation step =
              verdict.eventId() != null
                  ? verdict
                  : stepLabel(labels.history(), verdict.author(), verdict);
          String reason = verdict.comment() != null ? verdict.comment() : comment(step);
          out.append("<li class=\"judge label-")
              .append(esc(verdict.label()))
              .append("\" data-author=\"")
              .append(esc(author))
              .append("\"><b>")
              .append(esc(author))
              .append("</b>: <span class=\"label\">")
              .append(esc(verdict.label()))
              .append("</span> ");
          verdict
              .tags()
              .forEach(t -> out.append("<span class=\"tag\">").append(esc(t)).append("</span> "));
          if (step != null) {
            out.append(stepLink(step.eventId(), events)).append(' ');
          }
          out.append("<time>").append(esc(verdict.createdAt())).append("</time>");
          if (reason != null) {
            out.append("<q class=\"reason\">").append(esc(reason)).append("</q>");
          }
          out.append("</li>");
        });
    return out.append("</ul></div>").toString();
  }

  /**
   * This author's latest annotation of a step (with a label when {@code since} is null, else any
   * not older than {@code since}), or null.
   */
  private static Annotation stepLabel(List<Annotation> history, String author, Annotation since) {
    Annotation found = null;
    for (Annotation a : history) {
      boolean counts =
          since == null
              ? a.label() != null && !a.withdrawal()
              : !a.createdAt().isBefore(since.createdAt());
      if (a.author().equals(author) && a.eventId() != null && counts) {
        found = a;
      }
    }
    return found;
  }

  private static String comment(Annotation annotation) {
    return annotation == null ? null : annotation.comment();
  }

  /** A link to the step an annotation names, titled as its step is; its id when not in the run. */
  private static String stepLink(String eventId, List<TraceEvent> events) {
    int turn = 1;
    for (TraceEvent event : events) {
      if (event.id().equals(eventId)) {
        return "<a class=\"step-link\" href=\"#step-"
            + event.seq()
            + "\" data-seq=\""
            + event.seq()
            + "\">at step #"
            + event.seq()
            + " "
            + esc(EventSummary.of(event, turn).title())
            + "</a>";
      }
      if (event.kind() == EventKind.MODEL_RESPONSE) {
        turn++;
      }
    }
    return "<span class=\"muted\">at step " + esc(eventId) + "</span>";
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

  /** Every annotation, newest first, folded under its count so the conversation stays in view. */
  private static String history(List<Annotation> history) {
    StringBuilder out = new StringBuilder("<details class=\"history\"><summary>History (");
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
