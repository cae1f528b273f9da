package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code show}'s timeline of a run with every kind of event, against the text the timeline printed
 * before its renderers were shared ({@code golden/timeline-all-kinds.txt}).
 */
class TimelineGoldenTest {
  private static final Instant START = Instant.parse("2026-01-31T12:00:00Z");

  @Test
  void should_print_every_kind_as_before_when_the_run_has_one_event_of_each() throws IOException {
    List<TraceEvent> events = everyKind();
    Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    events.forEach(event -> kinds.add(event.kind()));
    assertEquals(EnumSet.allOf(EventKind.class), kinds, "the fixture holds every kind");

    assertEquals(golden("golden/timeline-all-kinds.txt"), print(events, 0));
    assertEquals(golden("golden/timeline-all-kinds-folded.txt"), print(events, 2));
  }

  private static String print(List<TraceEvent> events, int foldLines) {
    StringWriter text = new StringWriter();
    new Timeline(new PrintWriter(text), foldLines, true).print(run(), events);
    return text.toString();
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = TimelineGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Run run() {
    RunSpec spec = RunSpec.adHoc("Fix the script", "m", "scripted", "agent", "/work");
    return new Run(
        "run1",
        spec,
        RunStatus.FAILED,
        "model_error",
        "the model stopped",
        START,
        START.plusSeconds(9),
        2,
        new Usage(30, 12),
        0.0123,
        null);
  }

  private static List<TraceEvent> everyKind() {
    List<EventPayload> payloads = new ArrayList<>();
    Retry retry = new Retry(1, "rate_limited", 429, 500, "slow down");
    CheckResult check = new CheckResult(CheckStatus.FAIL, "test -f a", 1, "no a\nstill no a", 40);
    payloads.add(
        new EventPayload.RunStarted(
            RunSpec.adHoc("Fix the script\nline two\nline three", "m", "p", "agent", "/w")));
    payloads.add(new EventPayload.StateChanged(null, "start"));
    payloads.add(new EventPayload.StateChanged("start", "model_call"));
    payloads.add(
        new EventPayload.ModelRequest(
            0,
            List.of(Message.system("be brief"), Message.user("Fix the script")),
            List.of(0, 1),
            List.of(new ToolSpec("bash", "runs", "{}")),
            "{\"temperature\":0}"));
    payloads.add(
        new EventPayload.ModelResponse(
            2,
            Message.assistant(
                "I will look\nfirst\nthen fix\nthen test",
                List.of(new ToolCall("c1", "bash", "{\"command\":\"ls\"}"))),
            "tool_calls",
            new Usage(20, 7),
            812,
            0.001,
            List.of(retry)));
    payloads.add(
        new EventPayload.ModelResponse(3, Message.assistant(" ", List.of()), null, null, 5, null));
    payloads.add(new EventPayload.ToolCalled("c1", "bash", "{\"command\":\"ls\\n-la\"}"));
    payloads.add(
        new EventPayload.PolicyDecision(
            "c1", "bash", "ask", "bash command ~ rm", "config", "removes files"));
    payloads.add(new EventPayload.PolicyDecision("c1", "bash", "allow", null, null, null));
    payloads.add(new EventPayload.ApprovalAnswered("c1", "bash", true, "yes", "ann", "terminal"));
    payloads.add(new EventPayload.ApprovalAnswered("c1", "bash", false, "timeout", "policy"));
    payloads.add(
        new EventPayload.HookRan(
            "c1", "bash", "before_tool", "./check.sh\n--strict", 2, true, "not here\nnor there"));
    payloads.add(new EventPayload.HookRan("c1", "bash", "after_tool", "log", null, false, ""));
    payloads.add(new EventPayload.ToolResult("c1", "bash", "a\nb\nc\nd", 0, true, false));
    payloads.add(new EventPayload.ToolResult("c2", "bash", "", null, false, true));
    payloads.add(
        new EventPayload.SkillRun("deploy", "/deploy", "make deploy", 0, "done\nok\n3", true));
    payloads.add(new EventPayload.SkillRun("slow", "/slow", "sleep 99", null, null, false));
    payloads.add(new EventPayload.Compaction(9000, 4000, 8192, 3, 6, 12, new Usage(100, 50)));
    payloads.add(new EventPayload.Compaction(9000, 8000, 8192, 1, 0, null, null));
    payloads.add(new EventPayload.Checkpoint(1, 4, "/snap/1", "link"));
    payloads.add(new EventPayload.Checkpoint(0, 0, null, "off"));
    payloads.add(
        new EventPayload.Error("rate_limited", "too many\nrequests", true, List.of(retry)));
    payloads.add(new EventPayload.Error("malformed_response", null, false));
    payloads.add(new EventPayload.CheckFinished(check));
    payloads.add(
        new EventPayload.CheckFinished(new CheckResult(CheckStatus.NO_CHECK, null, null, null, 0)));
    payloads.add(
        new EventPayload.RunFinished(
            RunStatus.INTERRUPTED, "interrupted", "killed\nby a signal", 2, null, null, check));
    payloads.add(new EventPayload.RunResumed("cp1", 1, "/snap/1", "killed"));
    payloads.add(new EventPayload.RunResumed(null, 0, null, null));
    payloads.add(
        new EventPayload.RunFinished(RunStatus.SUCCEEDED, "answered", null, 3, null, 0.5, null));
    // appended after the end, so that the steps before keep their numbers and golden text
    payloads.add(
        new EventPayload.ExamplesRetrieved(
            List.of("01j9abcdefghijklmnopqrstuv", "01j9zyxwvutsrqponmlkjihgfe"),
            List.of(0.625, 0.4),
            List.of("correct", "incorrect"),
            "all",
            310,
            4));
    payloads.add(
        new EventPayload.ExamplesRetrieved(List.of(), List.of(), List.of(), "other-tasks", 0, 2));
    List<TraceEvent> events = new ArrayList<>();
    for (EventPayload payload : payloads) {
      int seq = events.size();
      Long duration = seq % 3 == 0 ? null : (long) seq * 450;
      events.add(
          new TraceEvent(
              "e" + seq, "run1", null, seq, START.plusMillis(seq * 1250L), duration, payload));
    }
    return events;
  }
}
