package dev.distillery.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one step says in a few words, as plain data, one case per {@link EventKind}: the run page's
 * title and facts and the terminal timeline's line. The terminal ({@code show}, the live console),
 * the run page and its live steps render this in their own medium; the long text under a step is
 * the kind's {@link EventText}. A new kind gets its words here, where the compiler asks for them.
 *
 * @param title the step's name on the run page ({@code Tool result bash}); plain text
 * @param line what the terminal timeline prints after the kind ({@code exit 0, 12ms}); the
 *     harness's decisions start with a space that keeps them apart from the kind's column
 * @param facts the named values and badges the run page shows under the title, in order
 * @param details the texts the terminal prints under the line, each folded (empty ones left out)
 * @param show how the run page shows the kind's {@link EventText}
 * @param note a short remark the run page adds under the facts, or null
 */
public record EventSummary(
    String title, String line, List<Fact> facts, List<String> details, Show show, String note) {
  public EventSummary {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(show, "show");
    facts = List.copyOf(facts);
    details = details.stream().filter(text -> text != null && !text.isEmpty()).toList();
  }

  /** A summary whose page shows its text {@code show} and whose terminal prints {@code details}. */
  EventSummary(String title, String line, List<Fact> facts, Show show, String... details) {
    this(title, line, facts, Arrays.asList(details), show, null);
  }

  /** How the run page shows a kind's {@link EventText}. */
  public enum Show {
    /** Not at all (or the page's own way, as a model turn's messages). */
    NONE,
    /** As it is, preformatted. */
    PRE,
    /** Preformatted, folded under its first line when long. */
    FOLDED,
    /** As JSON, indented, with a warning when it is not valid JSON. */
    JSON
  }

  /** How a fact is shown: a named value, a badge of some tone, or bare words. */
  public enum Tone {
    /** {@code name value}, the value "–" when null. */
    NAMED,
    /** Bare words, no name. */
    WORDS,
    OK,
    WARN,
    BAD,
    /** A check's status, in its status's colour. */
    CHECK
  }

  /**
   * @param name null unless {@link Tone#NAMED}
   * @param value null for "not known" (shown as "–")
   */
  public record Fact(String name, String value, Tone tone) {
    public Fact {
      Objects.requireNonNull(tone, "tone");
    }

    static Fact named(String name, Object value) {
      return new Fact(name, value == null ? null : String.valueOf(value), Tone.NAMED);
    }

    static Fact badge(String value, Tone tone) {
      return new Fact(null, value, tone);
    }
  }

  /**
   * @param turn the model turn the event belongs to (1 = the first response), named in the titles
   *     of model requests and responses
   */
  public static EventSummary of(TraceEvent event, int turn) {
    EventPayload payload = event.payload();
    Long durationMs = event.durationMs();
    String text = EventText.of(payload);
    return switch (payload.kind()) {
      case RUN_STARTED -> new EventSummary("User request", "", List.of(), Show.PRE, text);
      case STATE_CHANGED -> {
        EventPayload.StateChanged state = (EventPayload.StateChanged) payload;
        String line = (state.from() == null ? "" : state.from() + " -> ") + state.to();
        yield new EventSummary("state", line, List.of(), Show.NONE);
      }
      case MODEL_REQUEST -> request((EventPayload.ModelRequest) payload, turn);
      case MODEL_RESPONSE -> response((EventPayload.ModelResponse) payload, turn, text);
      case TOOL_CALL -> {
        EventPayload.ToolCalled call = (EventPayload.ToolCalled) payload;
        yield new EventSummary(
            "Tool call " + call.toolName(),
            call.toolName() + " " + firstLine(call.argumentsJson(), 100),
            List.of(Fact.named("call", call.callId())),
            Show.JSON);
      }
      case TOOL_RESULT -> result((EventPayload.ToolResult) payload, durationMs, text);
      case CHECK_RESULT -> check(((EventPayload.CheckFinished) payload).result(), text);
      case ERROR -> error((EventPayload.Error) payload, text);
      case RUN_FINISHED -> finished((EventPayload.RunFinished) payload, text);
      case POLICY_DECISION -> ControlSummary.of((EventPayload.PolicyDecision) payload);
      case APPROVAL -> ControlSummary.of((EventPayload.ApprovalAnswered) payload, durationMs);
      case HOOK_RESULT -> ControlSummary.of((EventPayload.HookRan) payload, text);
      case SKILL_RUN -> ControlSummary.of((EventPayload.SkillRun) payload, durationMs, text);
      case COMPACTION -> ControlSummary.of((EventPayload.Compaction) payload);
      case CHECKPOINT -> ControlSummary.of((EventPayload.Checkpoint) payload);
      case RUN_RESUMED -> ControlSummary.of((EventPayload.RunResumed) payload, text);
      case EXAMPLES_RETRIEVED -> ControlSummary.of((EventPayload.ExamplesRetrieved) payload);
    };
  }

  private static EventSummary request(EventPayload.ModelRequest request, int turn) {
    int sent = request.context().size();
    int tools = request.tools().size();
    return new EventSummary(
        "Model request (turn " + turn + ")",
        sent + " messages (" + request.appended().size() + " new), " + tools + " tools",
        List.of(new Fact(null, sent + " messages sent, " + tools + " tools offered", Tone.WORDS)),
        Show.NONE);
  }

  /** The page shows the content its own way, beside the tool calls; blank content is none. */
  private static EventSummary response(
      EventPayload.ModelResponse response, int turn, String content) {
    Usage usage = response.usage();
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.named("finish", response.finishReason()));
    facts.add(Fact.named("prompt tokens", usage.promptTokens()));
    facts.add(Fact.named("completion tokens", usage.completionTokens()));
    facts.add(Fact.named("latency", response.latencyMs() + " ms"));
    facts.add(Fact.named("cost", money(response.costUsd())));
    retries(facts, response.retries());
    return new EventSummary(
        "Model turn " + turn,
        usage.promptTokens()
            + "+"
            + usage.completionTokens()
            + " tokens, "
            + response.latencyMs()
            + "ms, "
            + response.finishReason(),
        facts,
        details(response.retries(), content == null || content.isBlank() ? null : content),
        Show.NONE,
        null);
  }

  private static EventSummary result(
      EventPayload.ToolResult result, Long durationMs, String output) {
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.named("exit code", result.exitCode()));
    facts.add(Fact.named("duration", durationMs == null ? null : durationMs + " ms"));
    if (result.truncated()) {
      facts.add(Fact.badge("truncated", Tone.WARN));
    }
    if (result.isError()) {
      facts.add(Fact.badge("error", Tone.BAD));
    }
    return new EventSummary(
        "Tool result " + result.toolName(),
        (result.isError() ? "ERROR " : "")
            + (result.exitCode() == null ? "" : "exit " + result.exitCode() + ", ")
            + millis(durationMs)
            + (result.truncated() ? ", truncated" : ""),
        facts,
        Show.FOLDED,
        output);
  }

  private static EventSummary check(CheckResult check, String output) {
    return new EventSummary(
        "Check",
        check.status().wire()
            + (check.exitCode() == null ? "" : " (exit " + check.exitCode() + ")")
            + (check.command() == null ? "" : "  $ " + check.command()),
        checkFacts(check),
        Show.FOLDED,
        output);
  }

  /** A check's facts: its status as a badge, the command, exit code and duration. */
  public static List<Fact> checkFacts(CheckResult check) {
    return List.of(
        Fact.badge(check.status().wire(), Tone.CHECK),
        Fact.named("command", check.command()),
        Fact.named("exit code", check.exitCode()),
        Fact.named("duration", check.durationMs() + " ms"));
  }

  private static EventSummary error(EventPayload.Error error, String message) {
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.badge(error.errorType(), Tone.BAD));
    if (error.retryable()) {
      facts.add(Fact.named("retryable", "yes"));
    }
    retries(facts, error.retries());
    return new EventSummary(
        "Error",
        error.errorType() + (error.retryable() ? " (retryable)" : ""),
        facts,
        details(error.retries(), message),
        Show.PRE,
        null);
  }

  private static EventSummary finished(EventPayload.RunFinished finished, String reason) {
    return new EventSummary(
        "Run finished",
        finished.status().wire() + " (" + finished.outcome() + ")",
        List.of(
            Fact.named("status", finished.status().wire()),
            Fact.named("outcome", finished.outcome()),
            Fact.named("turns", finished.turns()),
            Fact.named("tokens", finished.usage().total()),
            Fact.named("cost", money(finished.costUsd()))),
        Show.PRE,
        reason);
  }

  /** The tries a model call lost, one line each, then the text. */
  private static List<String> details(List<Retry> retries, String text) {
    List<String> details = new ArrayList<>(retries.stream().map(Retry::summary).toList());
    details.add(text);
    return details;
  }

  /** The tries a model call lost before its answer (or its error), one fact; none when none. */
  private static void retries(List<Fact> facts, List<Retry> retries) {
    if (!retries.isEmpty()) {
      facts.add(
          Fact.named("retries", String.join("; ", retries.stream().map(Retry::summary).toList())));
    }
  }

  /** A cost in dollars to four places, "–" when not known. */
  public static String money(Double usd) {
    return usd == null ? "–" : String.format(Locale.ROOT, "$%.4f", usd);
  }

  /** A duration as the terminal shows it: {@code 12ms}, {@code 1.5s}; empty when not known. */
  public static String millis(Long millis) {
    if (millis == null) {
      return "";
    }
    return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  /** The text's first line, cut to {@code width} with "…", " …" when more lines follow. */
  public static String firstLine(String text, int width) {
    if (text == null) {
      return "";
    }
    String line = text.strip();
    int newline = line.indexOf('\n');
    boolean more = newline >= 0;
    if (more) {
      line = line.substring(0, newline);
    }
    if (line.length() > width) {
      return line.substring(0, width - 1) + "…";
    }
    return more ? line + " …" : line;
  }
}
