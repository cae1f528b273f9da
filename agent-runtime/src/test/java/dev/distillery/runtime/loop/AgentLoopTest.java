package dev.distillery.runtime.loop;

import static dev.distillery.trace.EventKind.CHECK_RESULT;
import static dev.distillery.trace.EventKind.ERROR;
import static dev.distillery.trace.EventKind.MODEL_REQUEST;
import static dev.distillery.trace.EventKind.MODEL_RESPONSE;
import static dev.distillery.trace.EventKind.POLICY_DECISION;
import static dev.distillery.trace.EventKind.RUN_FINISHED;
import static dev.distillery.trace.EventKind.RUN_STARTED;
import static dev.distillery.trace.EventKind.TOOL_CALL;
import static dev.distillery.trace.EventKind.TOOL_RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLoopTest {
  @TempDir Path work;

  private final RecordingSink sink = new RecordingSink();
  private final List<ChatRequest> seen = new ArrayList<>();

  /** Remembers every request the model received, then lets the script answer. */
  private ModelClient scripted(String json) {
    ScriptedModelClient script = ScriptedModelClient.fromJson(json);
    return new ModelClient() {
      @Override
      public ChatReply complete(ChatRequest request) {
        seen.add(request);
        return script.complete(request);
      }

      @Override
      public String provider() {
        return script.provider();
      }
    };
  }

  private AgentLoop loop(ModelClient client, int maxTurns) {
    return new AgentLoop(
        client,
        ToolRegistry.defaults(),
        sink,
        LoopOptions.builder("gpt-4o-mini").maxTurns(maxTurns).build(),
        new Pricing(Map.of("gpt-4o-mini", new Pricing.Price(1.0, 2.0))));
  }

  private RunSpec spec(String prompt) {
    return RunSpec.adHoc(prompt, "gpt-4o-mini", "scripted", "agent", work.toString());
  }

  private static final String WRITE_THEN_CAT =
      """
      [ {"content": "Writing it.", "tool_calls": [{"name": "write_file", "arguments": {"path": "out/hello.txt", "content": "hi there\\n"}}],
         "usage": {"prompt_tokens": 100, "completion_tokens": 10}},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "cat out/hello.txt"}}],
         "usage": {"prompt_tokens": 200, "completion_tokens": 20}},
        {"content": "The file says hi there.", "usage": {"prompt_tokens": 300, "completion_tokens": 30}} ]""";

  @Test
  void should_write_a_file_run_a_command_and_record_every_step_in_order() throws Exception {
    RunResult result = loop(scripted(WRITE_THEN_CAT), 10).run(spec("make hello.txt"), work, null);

    assertEquals(RunStatus.SUCCEEDED, result.status());
    assertEquals("answered", result.outcome());
    assertEquals("The file says hi there.", result.finalText());
    assertEquals("hi there\n", Files.readString(work.resolve("out/hello.txt")));
    assertEquals(3, result.turns());
    assertEquals(600, result.usage().promptTokens());
    assertEquals(60, result.usage().completionTokens());
    assertEquals((600 * 1.0 + 60 * 2.0) / 1_000_000, result.costUsd(), 1e-12);
    assertEquals(
        List.of(
            RUN_STARTED,
            MODEL_REQUEST,
            MODEL_RESPONSE,
            TOOL_CALL,
            POLICY_DECISION,
            TOOL_RESULT,
            MODEL_REQUEST,
            MODEL_RESPONSE,
            TOOL_CALL,
            POLICY_DECISION,
            TOOL_RESULT,
            MODEL_REQUEST,
            MODEL_RESPONSE,
            RUN_FINISHED),
        sink.kinds(false));
    List<TraceEvent> events = sink.events;
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).seq());
      assertEquals(result.runId(), events.get(i).runId());
    }
    EventPayload.ToolResult cat = sink.payloads(EventPayload.ToolResult.class).get(1);
    assertEquals("hi there\n", cat.output());
    assertEquals(0, cat.exitCode());
    EventPayload.RunFinished finished = sink.payloads(EventPayload.RunFinished.class).get(0);
    assertEquals(RunStatus.SUCCEEDED, finished.status());
    assertEquals(3, finished.turns());
    assertEquals(result.usage(), finished.usage());
    assertEquals(result.costUsd(), finished.costUsd());
  }

  @Test
  void should_link_each_step_to_the_one_it_answers_and_time_the_closing_ones() {
    loop(scripted(WRITE_THEN_CAT), 10).run(spec("make hello.txt"), work, null);

    List<TraceEvent> events = sink.events;
    for (int i = 0; i < events.size(); i++) {
      TraceEvent event = events.get(i);
      switch (event.kind()) {
        case MODEL_RESPONSE -> {
          assertEquals(MODEL_REQUEST, byId(event.parentId()).kind());
          assertNotNull(event.durationMs());
          EventPayload.ModelResponse response = (EventPayload.ModelResponse) event.payload();
          assertEquals(response.latencyMs(), event.durationMs());
          assertNotNull(response.costUsd(), "gpt-4o-mini has a price");
        }
        case TOOL_CALL -> assertEquals(MODEL_RESPONSE, byId(event.parentId()).kind());
        case TOOL_RESULT -> {
          assertEquals(TOOL_CALL, byId(event.parentId()).kind(), "a result answers its call");
          assertNotNull(event.durationMs());
        }
        case POLICY_DECISION -> assertEquals(TOOL_CALL, byId(event.parentId()).kind());
        case RUN_FINISHED -> assertNotNull(event.durationMs());
        default -> {}
      }
    }
    List<EventPayload.ToolResult> results = sink.payloads(EventPayload.ToolResult.class);
    List<Message> toolMessages =
        sink.messageLog().stream().filter(m -> m.role() == Role.TOOL).toList();
    assertEquals(
        results.stream().map(EventPayload.ToolResult::output).toList(),
        toolMessages.stream().map(Message::content).toList(),
        "the model sees exactly the recorded tool output");
    assertEquals(
        results.stream().map(EventPayload.ToolResult::callId).toList(),
        toolMessages.stream().map(Message::toolCallId).toList());
  }

  private TraceEvent byId(String id) {
    return sink.events.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void should_store_each_message_once_and_rebuild_every_request_exactly() {
    loop(scripted(WRITE_THEN_CAT), 10).run(spec("make hello.txt"), work, null);

    List<EventPayload.ModelRequest> requests = sink.payloads(EventPayload.ModelRequest.class);
    assertEquals(3, requests.size());
    assertEquals(seen.size(), requests.size());
    for (int i = 0; i < requests.size(); i++) {
      assertEquals(seen.get(i).messages(), sink.rebuilt(requests.get(i)), "request " + i);
    }
    List<Message> log = sink.messageLog();
    assertEquals(7, log.size(), "system, user, then assistant/tool pairs, then the answer");
    assertEquals(
        List.of(0, 1),
        List.of(requests.get(0).firstIndex(), requests.get(0).appended().size() - 1));
    assertEquals(1, requests.get(1).appended().size(), "only the tool result is new");
    assertTrue(log.get(0).content().contains("write_file"), "the system prompt names the tools");
    assertEquals("make hello.txt", log.get(1).content());
  }

  @Test
  void should_record_state_transitions() {
    loop(scripted(WRITE_THEN_CAT), 10).run(spec("x"), work, null);

    List<String> states =
        sink.payloads(EventPayload.StateChanged.class).stream()
            .map(EventPayload.StateChanged::to)
            .toList();
    assertEquals(
        List.of(
            "start",
            "provision",
            "model_call",
            "tool_execution",
            "steering_check",
            "model_call",
            "tool_execution",
            "steering_check",
            "model_call",
            "teardown"),
        states);
  }

  @Test
  void should_stop_at_the_turn_cap_and_say_so() {
    String forever =
        "["
            + "{\"tool_calls\": [{\"name\": \"bash\", \"arguments\": {\"command\": \"true\"}}]},"
                .repeat(5)
            + "{\"content\": \"x\"}]";

    RunResult result = loop(scripted(forever), 3).run(spec("loop"), work, null);

    assertEquals(RunStatus.BUDGET_EXCEEDED, result.status());
    assertEquals("turn_limit", result.outcome());
    assertTrue(result.reason().contains("3 turns"), result.reason());
    assertEquals(3, result.turns());
  }

  @Test
  void should_stop_when_the_token_budget_is_spent() {
    AgentLoop loop =
        new AgentLoop(
            scripted(WRITE_THEN_CAT),
            ToolRegistry.defaults(),
            sink,
            LoopOptions.builder("gpt-4o-mini").budget(new LoopOptions.Budget(250L, null)).build(),
            new Pricing(Map.of()));

    RunResult result = loop.run(spec("x"), work, null);

    assertEquals(RunStatus.BUDGET_EXCEEDED, result.status());
    assertEquals("token_limit", result.outcome());
    assertEquals(2, result.turns(), "110 then 330 tokens: the third call is not made");
    assertTrue(result.reason().contains("budget is 250"), result.reason());
  }

  @Test
  void should_stop_when_the_cost_budget_is_spent() {
    AgentLoop loop =
        new AgentLoop(
            scripted(WRITE_THEN_CAT),
            ToolRegistry.defaults(),
            sink,
            LoopOptions.builder("gpt-4o-mini").budget(new LoopOptions.Budget(null, 0.0001)).build(),
            new Pricing(Map.of("gpt-4o-mini", new Pricing.Price(1.0, 2.0))));

    RunResult result = loop.run(spec("x"), work, null);

    assertEquals(RunStatus.BUDGET_EXCEEDED, result.status());
    assertEquals("cost_limit", result.outcome());
    assertEquals(1, result.turns(), "the first call costs $0.00012");
  }

  @Test
  void should_record_a_model_error_retrying_cannot_help_and_fail_the_run() {
    RunResult result =
        loop(
                scripted(
                    "[{\"error\": {\"type\": \"malformed_response\", \"message\": \"not JSON\"}}]"),
                5)
            .run(spec("x"), work, null);

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("model_error", result.outcome());
    EventPayload.Error error = sink.payloads(EventPayload.Error.class).get(0);
    assertEquals("malformed_response", error.errorType());
    assertFalse(error.retryable());
    assertEquals(List.of(RUN_STARTED, MODEL_REQUEST, ERROR, RUN_FINISHED), sink.kinds(false));
  }

  @Test
  void should_pause_the_run_as_interrupted_when_the_provider_keeps_failing() {
    RunResult result =
        loop(
                scripted(
                    "[{\"error\": {\"type\": \"server_error\", \"message\": \"down for maintenance\"}}]"),
                5)
            .run(spec("x"), work, null);

    assertEquals(RunStatus.INTERRUPTED, result.status());
    assertEquals("model_unavailable", result.outcome());
    assertTrue(result.reason().contains("down for maintenance"), result.reason());
    assertTrue(result.reason().contains("distillery resume " + result.runId()), result.reason());
    EventPayload.Error error = sink.payloads(EventPayload.Error.class).get(0);
    assertEquals("server_error", error.errorType());
    assertTrue(error.retryable());
    assertEquals(List.of(RUN_STARTED, MODEL_REQUEST, ERROR, RUN_FINISHED), sink.kinds(false));
  }

  @Test
  void should_hand_unknown_tools_and_bad_arguments_back_to_the_model_and_go_on() {
    String script =
        """
        [ {"tool_calls": [{"name": "run_tests", "arguments": {}}, {"name": "bash", "arguments": "{\\"command\\": "}]},
          {"content": "Sorry, done."} ]""";

    RunResult result = loop(scripted(script), 5).run(spec("x"), work, null);

    assertEquals(RunStatus.SUCCEEDED, result.status());
    List<EventPayload.ToolResult> results = sink.payloads(EventPayload.ToolResult.class);
    assertTrue(results.get(0).isError());
    assertTrue(results.get(0).output().contains("unknown tool"));
    assertTrue(results.get(1).output().contains("not valid JSON"));
    List<Message> secondRequest = seen.get(1).messages();
    assertEquals("call_0_0", secondRequest.get(3).toolCallId(), "each call is answered");
    assertEquals("call_0_1", secondRequest.get(4).toolCallId());
  }

  @Test
  void should_grade_at_teardown_and_record_the_check() {
    Grader grader = dir -> new CheckResult(CheckStatus.PASS, "test -f out/hello.txt", 0, "", 5);

    RunResult result = loop(scripted(WRITE_THEN_CAT), 10).run(spec("x"), work, grader);

    assertEquals(CheckStatus.PASS, result.check().status());
    assertEquals(
        List.of(CHECK_RESULT, RUN_FINISHED),
        sink.kinds(false).subList(sink.kinds(false).size() - 2, sink.kinds(false).size()));
    assertEquals(
        CheckStatus.PASS, sink.payloads(EventPayload.RunFinished.class).get(0).check().status());
  }

  @Test
  void should_fail_the_run_when_provisioning_fails_without_calling_the_model() {
    RunResult result =
        loop(scripted(WRITE_THEN_CAT), 10)
            .run(
                spec("x"),
                work,
                dir -> {
                  throw new java.io.IOException("setup exited 2");
                },
                null);

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("provision_error", result.outcome());
    assertTrue(seen.isEmpty());
  }

  @Test
  void should_record_interrupted_when_the_thread_is_interrupted() {
    Thread.currentThread().interrupt();
    RunResult result = loop(scripted(WRITE_THEN_CAT), 10).run(spec("x"), work, null);

    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertEquals(RunStatus.INTERRUPTED, result.status());
    assertNull(result.check());
    assertEquals(RUN_FINISHED, sink.events.get(sink.events.size() - 1).kind());
  }

  @Test
  void should_run_no_tool_once_interrupted_during_the_model_call() {
    ModelClient interruptedWhileThinking =
        new ModelClient() {
          @Override
          public ChatReply complete(ChatRequest request) {
            ChatReply reply = ScriptedModelClient.fromJson(WRITE_THEN_CAT).complete(request);
            Thread.currentThread().interrupt();
            return reply;
          }

          @Override
          public String provider() {
            return "scripted";
          }
        };

    RunResult result = loop(interruptedWhileThinking, 10).run(spec("x"), work, null);

    assertTrue(Thread.interrupted());
    assertEquals(RunStatus.INTERRUPTED, result.status());
    assertEquals("interrupted", result.outcome());
    assertEquals(
        List.of(RUN_STARTED, MODEL_REQUEST, MODEL_RESPONSE, RUN_FINISHED), sink.kinds(false));
    assertFalse(Files.exists(work.resolve("out/hello.txt")));
  }

  @Test
  void should_stop_the_run_when_the_sink_cannot_record() {
    TraceSink failing =
        event -> {
          if (event.kind() == MODEL_RESPONSE) {
            throw new IllegalStateException("disk full");
          }
          sink.record(event);
        };
    AgentLoop loop =
        new AgentLoop(
            scripted(WRITE_THEN_CAT),
            ToolRegistry.defaults(),
            failing,
            LoopOptions.defaults("gpt-4o-mini"),
            Pricing.bundled());

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> loop.run(spec("x"), work, null));

    assertEquals("disk full", error.getMessage());
    assertFalse(Files.exists(work.resolve("out/hello.txt")), "no step after an unrecorded one");
    assertEquals(MODEL_REQUEST, sink.events.get(sink.events.size() - 1).kind());
  }

  @Test
  void should_extend_one_run_across_chat_turns() {
    ChatSession session =
        loop(scripted("[{\"content\": \"one\"}, {\"content\": \"two\"}]"), 5)
            .startSession(spec("first"), work);

    assertEquals("one", session.send("first").finalText());
    assertEquals("two", session.send("second").finalText());
    RunResult result = session.finish();

    assertEquals(2, result.turns());
    assertEquals(
        List.of("first", "second"),
        seen.get(1).messages().stream()
            .filter(m -> m.role() == Role.USER)
            .map(Message::content)
            .toList());
    assertEquals(1, sink.payloads(EventPayload.RunStarted.class).size());
    assertEquals(1, sink.payloads(EventPayload.RunFinished.class).size());
    EventPayload.ModelRequest second = sink.payloads(EventPayload.ModelRequest.class).get(1);
    assertEquals(3, second.firstIndex());
    assertEquals(List.of(Message.user("second")), second.appended());
    assertEquals(seen.get(1).messages(), sink.rebuilt(second));
  }
}
