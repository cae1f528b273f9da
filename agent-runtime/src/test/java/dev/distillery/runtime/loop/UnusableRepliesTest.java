package dev.distillery.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.openai.OpenAiCompatibleClient;
import dev.distillery.runtime.model.openai.OpenAiConfig;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.Usage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replies that came back fine over HTTP but cannot be taken as an answer, and calls that hang. */
class UnusableRepliesTest {
  @TempDir Path work;

  private RunResult run(LoopFixture fixture, String script) {
    return fixture.run(script, Controls.DEFAULT, "say something");
  }

  private static EventPayload.Error onlyError(LoopFixture fixture) {
    List<EventPayload.Error> errors = fixture.sink.payloads(EventPayload.Error.class);
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0);
  }

  @Test
  void should_fail_the_run_as_truncated_when_the_answer_was_cut_at_the_length_limit() {
    LoopFixture fixture = new LoopFixture(work);

    RunResult result =
        run(fixture, "[ {\"content\": \"The answer is forty\", \"finish_reason\": \"length\"} ]");

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("truncated", result.outcome());
    assertTrue(result.reason().contains("finish_reason length"), result.reason());
    EventPayload.ModelResponse response =
        fixture.sink.payloads(EventPayload.ModelResponse.class).get(0);
    assertEquals("length", response.finishReason());
    assertEquals("truncated", onlyError(fixture).errorType());
    EventPayload.RunFinished finished =
        fixture.sink.payloads(EventPayload.RunFinished.class).get(0);
    assertEquals("truncated", finished.outcome());
  }

  @Test
  void should_not_run_a_tool_call_from_a_reply_cut_at_the_length_limit() {
    LoopFixture fixture = new LoopFixture(work);

    RunResult result =
        run(
            fixture,
            "[ {\"tool_calls\": [{\"name\": \"bash\", \"arguments\": {\"command\": \"touch"
                + " made\"}}], \"finish_reason\": \"length\"} ]");

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("truncated", result.outcome());
    assertTrue(Files.notExists(work.resolve("made")), "the cut call was not run");
    EventPayload.ToolResult answered = fixture.sink.payloads(EventPayload.ToolResult.class).get(0);
    assertTrue(answered.isError());
    assertTrue(answered.output().startsWith("not run: the reply was cut"), answered.output());
    assertEquals(
        fixture.sink.payloads(EventPayload.ToolCalled.class).get(0).callId(),
        answered.callId(),
        "the call still has its result");
  }

  @Test
  void should_keep_a_chat_session_valid_after_a_tool_call_cut_at_the_length_limit() {
    LoopFixture fixture = new LoopFixture(work);
    ChatSession session =
        fixture
            .loop(
                "[ {\"tool_calls\": [{\"id\": \"c1\", \"name\": \"bash\", \"arguments\":"
                    + " {\"command\": \"ls\"}}], \"finish_reason\": \"length\"},"
                    + " {\"content\": \"Shorter this time.\"} ]",
                Controls.DEFAULT)
            .startSession(fixture.spec("chat", "agent"), work);

    TurnResult cut = session.send("list the files");
    TurnResult next = session.send("try again, briefly");

    assertEquals("truncated", cut.outcome());
    assertEquals("answered", next.outcome());
    List<Message> sent = fixture.seen.get(1).messages();
    int call = sent.indexOf(sent.stream().filter(m -> !m.toolCalls().isEmpty()).findFirst().get());
    assertEquals("c1", sent.get(call + 1).toolCallId(), "the cut call is answered in the request");
  }

  @Test
  void should_fail_the_run_as_an_empty_answer_when_the_model_says_nothing() {
    LoopFixture fixture = new LoopFixture(work);

    RunResult result = run(fixture, "[ {\"content\": \"  \"} ]");

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("empty_answer", result.outcome());
    assertEquals("empty_answer", onlyError(fixture).errorType());
  }

  @Test
  void should_fail_as_an_empty_answer_when_a_reply_has_neither_content_nor_finish_reason() {
    LoopFixture fixture = new LoopFixture(work);
    ModelClient silent =
        new ModelClient() {
          @Override
          public ChatReply complete(ChatRequest request) {
            return new ChatReply(Message.assistant(null, List.of()), null, Usage.ZERO, 1);
          }

          @Override
          public String provider() {
            return "silent";
          }
        };

    RunResult result =
        fixture
            .loop(silent, LoopOptions.defaults("m"))
            .run(fixture.spec("say something", "agent"), work, null);

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("empty_answer", result.outcome());
    assertTrue(result.reason().contains("finish_reason none"), result.reason());
  }

  @Test
  @Timeout(60) // without the cut the call would wait out its 300 s read timeout
  void should_end_a_call_in_flight_as_budget_exceeded_when_the_time_limit_passes()
      throws Exception {
    // the kernel completes the connection from the backlog; nothing ever reads or answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      OpenAiCompatibleClient client =
          new OpenAiCompatibleClient(
              OpenAiConfig.defaults(
                  "http://127.0.0.1:" + silent.getLocalPort() + "/v1", null, null));
      LoopFixture fixture = new LoopFixture(work);

      RunResult result =
          fixture
              .loop(client, LoopOptions.defaults("m").forTask(null, Duration.ofSeconds(2)))
              .run(fixture.spec("say something", "agent"), work, null);

      assertEquals(RunStatus.BUDGET_EXCEEDED, result.status());
      assertEquals("time_limit", result.outcome());
      assertTrue(result.reason().contains("during a model call"), result.reason());
      EventPayload.Error error = onlyError(fixture);
      assertEquals("time_limit", error.errorType());
      assertTrue(Thread.currentThread().isInterrupted() == false, "no interrupt is left behind");
    }
  }
}
