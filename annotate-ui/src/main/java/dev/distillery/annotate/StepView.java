package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventSummary;
import dev.distillery.trace.EventText;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** One step of a run's timeline as HTML; every trace value escaped. */
final class StepView {
  static final int FOLD_CHARS = 1_200;
  static final int FOLD_LINES = 15;

  private StepView() {}

  /**
   * @param turn the model turn this step belongs to (1 = the first response)
   * @param flags step annotations about this event
   */
  static String render(TraceEvent event, int turn, List<Annotation> flags) {
    EventSummary summary = EventSummary.of(event, turn);
    String minor = event.kind() == dev.distillery.trace.EventKind.STATE_CHANGED ? " minor" : "";
    return "<li class=\"step "
        + event.kind().wire()
        + minor
        + "\" id=\"step-"
        + event.seq()
        + "\" data-seq=\""
        + event.seq()
        + "\" data-event-id=\""
        + esc(event.id())
        + "\"><div class=\"step-head\"><span class=\"seq\">#"
        + event.seq()
        + "</span> <b>"
        + esc(summary.title())
        + "</b> <time>"
        + esc(event.timestamp())
        + "</time>"
        + (minor.isEmpty() ? "<button type=\"button\" class=\"flag\">flag step (f)</button>" : "")
        + "</div>"
        + body(event, summary)
        + flags(flags)
        + "</li>";
  }

  /**
   * A step's body: its {@link EventSummary} facts and note, what only a page shows (a model turn's
   * messages and tool calls, a state change), then the kind's {@link EventText} as the summary
   * says.
   */
  private static String body(TraceEvent event, EventSummary summary) {
    String text = EventText.of(event.payload());
    return facts(summary.facts())
        + (summary.note() == null ? "" : "<p class=\"muted\">" + esc(summary.note()) + "</p>")
        + pageOnly(event.payload())
        + switch (summary.show()) {
          case NONE -> "";
          case PRE -> pre(text);
          case FOLDED -> folded(text);
          case JSON -> arguments(text);
        };
  }

  /** What only a page shows; the other kinds have nothing here. */
  private static String pageOnly(EventPayload payload) {
    if (payload instanceof EventPayload.StateChanged state) {
      return stateChanged(state);
    }
    if (payload instanceof EventPayload.ModelRequest request) {
      return messages(request);
    }
    if (payload instanceof EventPayload.ModelResponse response) {
      return response(response, response.message().content());
    }
    if (payload instanceof EventPayload.ExamplesRetrieved examples) {
      return examples(examples);
    }
    return "";
  }

  /** The runs that taught this one, each a link to its page, with its label and likeness. */
  private static String examples(EventPayload.ExamplesRetrieved examples) {
    if (examples.runs().isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<ol class=\"examples\">");
    for (int i = 0; i < examples.runs().size(); i++) {
      String run = examples.runs().get(i);
      html.append("<li><a href=\"/runs/")
          .append(esc(URLEncoder.encode(run, StandardCharsets.UTF_8)))
          .append("\">")
          .append(esc(run))
          .append("</a> ")
          .append(esc(examples.labels().get(i)))
          .append(", alike ")
          .append(esc(String.format(Locale.ROOT, "%.2f", examples.scores().get(i))))
          .append("</li>");
    }
    return html.append("</ol>").toString();
  }

  /** A summary's facts in one paragraph: named values, badges, words; none when it has none. */
  static String facts(List<EventSummary.Fact> facts) {
    if (facts.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<p class=\"facts\">");
    for (EventSummary.Fact fact : facts) {
      out.append(
          switch (fact.tone()) {
            case NAMED -> fact(fact.name(), fact.value());
            case WORDS -> esc(fact.value());
            case OK -> badge("ok", fact.value());
            case WARN -> badge("warn", fact.value());
            case BAD -> badge("bad", fact.value());
            case CHECK -> badge("check-" + fact.value(), fact.value());
          });
    }
    return out.append("</p>").toString();
  }

  private static String badge(String tone, String value) {
    return "<span class=\"badge " + esc(tone) + "\">" + esc(value) + "</span>";
  }

  private static String stateChanged(EventPayload.StateChanged state) {
    return "<span class=\"muted\">" + esc(state.from()) + " → " + esc(state.to()) + "</span>";
  }

  private static String messages(EventPayload.ModelRequest request) {
    StringBuilder out = new StringBuilder();
    int index = request.firstIndex();
    for (Message message : request.appended()) {
      out.append("<div class=\"message ").append(message.role().wire()).append("\">");
      out.append("<span class=\"role\">#").append(index++).append(' ');
      out.append(esc(message.role().wire())).append("</span>");
      out.append(folded(message.content()));
      out.append("</div>");
    }
    return out.toString();
  }

  private static String response(EventPayload.ModelResponse response, String content) {
    StringBuilder out = new StringBuilder();
    if (content != null && !content.isBlank()) {
      out.append(folded(content));
    }
    for (ToolCall call : response.message().toolCalls()) {
      out.append("<div class=\"tool-call\"><span class=\"role\">calls ")
          .append(esc(call.name()))
          .append("</span> <code>")
          .append(esc(call.id()))
          .append("</code>")
          .append(arguments(call.argumentsJson()))
          .append("</div>");
    }
    return out.toString();
  }

  private static String arguments(String json) {
    String note = Json.valid(json) ? "" : "<p class=\"warn\">arguments are not valid JSON</p>";
    return note + "<pre class=\"json\">" + esc(Json.pretty(json)) + "</pre>";
  }

  /** A check's facts and output, for a run's check as for a check step. */
  static String check(CheckResult check) {
    return facts(EventSummary.checkFacts(check)) + folded(check.output());
  }

  private static String flags(List<Annotation> flags) {
    if (flags.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<ul class=\"flags\">");
    for (Annotation flag : flags) {
      out.append("<li>⚑ <b>").append(esc(flag.author())).append("</b> ");
      out.append(esc(flag.label() == null ? "flagged" : flag.label())).append(' ');
      out.append(esc(String.join(", ", flag.tags()))).append(' ');
      out.append(esc(flag.comment() == null ? "" : flag.comment()));
      out.append(" <time>").append(esc(flag.createdAt())).append("</time></li>");
    }
    return out.append("</ul>").toString();
  }

  static String fact(String name, Object value) {
    return "<span class=\"fact\"><span class=\"muted\">"
        + esc(name)
        + "</span> "
        + esc(value == null ? "–" : value)
        + "</span>";
  }

  static String money(Double usd) {
    return EventSummary.money(usd);
  }

  static String pre(String text) {
    return text == null || text.isEmpty() ? "" : "<pre>" + esc(text) + "</pre>";
  }

  /** Long text folded in a {@code <details>} whose summary is its first line. */
  static String folded(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    long lines = text.lines().count();
    if (text.length() <= FOLD_CHARS && lines <= FOLD_LINES) {
      return pre(text);
    }
    return "<details class=\"long\"><summary>"
        + esc(Html.cut(text.lines().findFirst().orElse(""), 100))
        + " <span class=\"muted\">("
        + lines
        + " lines, "
        + text.length()
        + " characters)</span></summary>"
        + pre(text)
        + "</details>";
  }
}
