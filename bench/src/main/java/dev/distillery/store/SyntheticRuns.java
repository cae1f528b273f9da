package dev.distillery.store;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.ModelRequest;
import dev.distillery.trace.EventPayload.ModelResponse;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.EventPayload.StateChanged;
import dev.distillery.trace.EventPayload.ToolCalled;
import dev.distillery.trace.EventPayload.ToolResult;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Made-up runs of 20 events for the benchmark: a prompt, four model calls of which three call a
 * tool, a check and the finish. Texts are about 500 characters of words.
 */
final class SyntheticRuns {
  private static final String[] WORDS =
      ("the a file test build error line function value config module run check output return"
              + " class import method list string number missing found expected parse write read"
              + " path folder version update change fix failed passed warning debug trace store")
          .split(" ");
  private static final ToolSpec SHELL =
      new ToolSpec("shell", "Runs a shell command in the workspace", "{\"type\":\"object\"}");
  private static final int TOOL_TURNS = 3;

  private final Random random;
  private Instant clock = Instant.parse("2025-01-01T00:00:00Z");

  SyntheticRuns(long seed) {
    this.random = new Random(seed);
  }

  /** Exactly {@code count} events; the last run may be cut short. */
  List<TraceEvent> events(int count) {
    List<TraceEvent> events = new ArrayList<>(count + 20);
    while (events.size() < count) {
      events.addAll(run(Ids.newId()));
    }
    return new ArrayList<>(events.subList(0, count));
  }

  private List<TraceEvent> run(String runId) {
    List<TraceEvent> events = new ArrayList<>(20);
    add(
        events,
        runId,
        new RunStarted(RunSpec.adHoc(text(200), "gpt-bench", "openai", "tools", "/w")));
    add(events, runId, new StateChanged("start", "model_call"));
    List<Message> first = List.of(Message.system(text(300)), Message.user(text(500)));
    add(events, runId, request(0, first));
    int next = 2;
    for (int turn = 0; turn < TOOL_TURNS; turn++) {
      String callId = "call_" + turn;
      ToolCall call = new ToolCall(callId, "shell", "{\"cmd\":\"" + text(40) + "\"}");
      add(events, runId, response(next++, Message.assistant(text(500), List.of(call))));
      add(events, runId, new ToolCalled(callId, "shell", call.argumentsJson()));
      String output = text(500);
      add(events, runId, new ToolResult(callId, "shell", output, 0, false, false));
      add(events, runId, request(next++, List.of(Message.tool(callId, "shell", output))));
    }
    add(events, runId, response(next, Message.assistant(text(500), List.of())));
    add(events, runId, new StateChanged("model_call", "check"));
    CheckResult check = new CheckResult(CheckStatus.PASS, "make test", 0, text(300), 1200);
    add(events, runId, new CheckFinished(check));
    add(events, runId, new StateChanged("check", "done"));
    Usage usage = new Usage(4 * 900, 4 * 120);
    add(
        events,
        runId,
        new RunFinished(RunStatus.SUCCEEDED, "answered", text(80), 4, usage, 0.01, check));
    return events;
  }

  private static ModelRequest request(int firstIndex, List<Message> appended) {
    List<Integer> context = IntStream.range(0, firstIndex + appended.size()).boxed().toList();
    return new ModelRequest(firstIndex, appended, context, List.of(SHELL), "{\"temperature\":0}");
  }

  private static ModelResponse response(int index, Message message) {
    String finish = message.toolCalls().isEmpty() ? "stop" : "tool_calls";
    return new ModelResponse(index, message, finish, new Usage(900, 120), 1500, 0.0025);
  }

  private void add(List<TraceEvent> events, String runId, EventPayload payload) {
    clock = clock.plusMillis(37);
    events.add(new TraceEvent(Ids.newId(), runId, null, events.size(), clock, null, payload));
  }

  private String text(int length) {
    StringBuilder out = new StringBuilder(length + 12);
    while (out.length() < length) {
      out.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return out.substring(0, length);
  }
}
