package dev.distillery.runtime.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.texttools.TextToolCallClient;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JudgeTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final List<String> TAGS = List.of("looped", "wrong tool");
  private static final Pricing PRICES = new Pricing(Map.of("judge-1", new Pricing.Price(1, 2)));

  /** A run of {@code calls} bash calls, each with a long output, ending with an answer. */
  private static RunTrace run(int calls) {
    List<Message> messages = new ArrayList<>();
    List<TraceEvent> events = new ArrayList<>();
    messages.add(Message.user("Count the files."));
    for (int i = 0; i < calls; i++) {
      String id = "call_" + i;
      messages.add(
          Message.assistant(
              null, List.of(new ToolCall(id, "bash", "{\"command\":\"ls " + i + "\"}"))));
      messages.add(Message.tool(id, "bash", "file\n".repeat(400)));
      events.add(
          new TraceEvent(
              "ev-" + i,
              "run-1",
              null,
              i,
              T0,
              null,
              new EventPayload.ToolCalled(id, "bash", "{}")));
    }
    messages.add(Message.assistant("There are 3 files.", List.of()));
    CheckResult check = new CheckResult(CheckStatus.FAIL, "test -f x", 1, "x is missing", 5);
    Run run =
        new Run(
            "run-1",
            new RunSpec(
                "Count the files.", "count", null, 1, "m", "p", "tools", "/w", null, null, null),
            RunStatus.SUCCEEDED,
            "answered",
            null,
            T0,
            T0,
            calls + 1,
            Usage.ZERO,
            null,
            check);
    return new RunTrace(run, events, messages, List.of());
  }

  /** A model that answers every request with {@code reply}, and keeps the requests. */
  private record Fake(Message reply, List<ChatRequest> seen) implements ModelClient {
    Fake(Message reply) {
      this(reply, new CopyOnWriteArrayList<>());
    }

    @Override
    public ChatReply complete(ChatRequest request) {
      seen.add(request);
      return new ChatReply(reply, "tool_calls", new Usage(1_000_000, 0), 5);
    }

    @Override
    public String provider() {
      return "fake";
    }
  }

  private static Message verdict(String arguments) {
    return Message.assistant(null, List.of(new ToolCall("v1", "record_verdict", arguments)));
  }

  private static Judge judge(ModelClient client, int window, boolean nativeTools) {
    return new Judge(
        client, PRICES, new Judge.Options("judge-1", window, nativeTools, TAGS), s -> s);
  }

  @Test
  void should_read_the_verdict_from_a_forced_call_and_price_it() {
    Fake model =
        new Fake(
            verdict(
                "{\"label\":\"incorrect\",\"tags\":[\"looped\"],\"reason\":\"The check failed.\","
                    + "\"step\":\"ev-1\"}"));

    Grading grading = judge(model, 100_000, true).grade(run(2), Rubric.BUILT_IN);

    assertEquals(
        new Verdict("incorrect", List.of("looped"), "The check failed.", "ev-1"),
        grading.verdict());
    assertEquals(1.0, grading.costUsd(), 1e-9);
    ChatRequest sent = model.seen().get(0);
    assertEquals(
        Map.of("type", "function", "function", Map.of("name", "record_verdict")),
        sent.parameters().get("tool_choice"));
    String run = sent.messages().get(1).content();
    assertTrue(run.contains("- [ev-1] bash {\"command\":\"ls 1\"}"), run);
    assertTrue(run.contains("Check: fail (`test -f x`, exit 1)\nCheck output:\nx is missing"), run);
    assertTrue(run.contains("Answer: There are 3 files."), run);
    assertTrue(sent.messages().get(0).content().contains(Rubric.BUILT_IN.text()));
  }

  @Test
  void should_record_a_failure_not_a_verdict_when_the_verdict_is_malformed() {
    for (String bad :
        List.of(
            "{\"label\":\"maybe\",\"tags\":[],\"reason\":\"Unsure.\",\"step\":null}",
            "{\"label\":\"correct\",\"tags\":[\"made up\"],\"reason\":\"Fine.\",\"step\":null}",
            "{\"label\":\"correct\",\"tags\":[],\"reason\":\"Fine.\",\"step\":\"ev-99\"}",
            "{\"label\":\"correct\",\"tags\":[],\"step\":null}",
            "not json")) {
      Grading grading = judge(new Fake(verdict(bad)), 100_000, true).grade(run(2), Rubric.BUILT_IN);
      assertNull(grading.verdict(), bad);
      assertTrue(grading.error().startsWith("malformed verdict: "), grading.error());
      assertTrue(grading.responseJson().contains("record_verdict"), "the reply is kept");
    }
    Grading prose =
        judge(new Fake(Message.assistant("Looks correct to me.", List.of())), 100_000, true)
            .grade(run(1), Rubric.BUILT_IN);
    assertEquals(
        "malformed verdict: the judge did not call record_verdict (it answered: \"Looks correct"
            + " to me.\")",
        prose.error());
  }

  @Test
  void should_leave_out_middle_steps_and_say_so_when_the_run_is_longer_than_the_window() {
    Fake model =
        new Fake(verdict("{\"label\":\"correct\",\"tags\":[],\"reason\":\"Done.\",\"step\":null}"));

    Grading grading = judge(model, 4_000, true).grade(run(40), Rubric.BUILT_IN);

    assertTrue(grading.leftOut() > 0);
    String run = model.seen().get(0).messages().get(1).content();
    assertTrue(run.contains("- [ev-0] bash"), "the first step stays");
    assertTrue(run.contains("- [ev-39] bash"), "the last step stays");
    assertTrue(run.contains(grading.leftOut() + " steps left out here to fit your context window"));
    assertTrue(run.length() < (4_000 - Judge.RESERVE_TOKENS) * 4, "fits: " + run.length());
    assertTrue(
        model
            .seen()
            .get(0)
            .messages()
            .get(0)
            .content()
            .contains("too long for your context window"));
    assertEquals(0, judge(model, 1_000_000, true).grade(run(40), Rubric.BUILT_IN).leftOut());
  }

  @Test
  void should_read_the_verdict_as_text_for_a_model_without_native_tools() {
    Fake model =
        new Fake(
            Message.assistant(
                "<tool_call>{\"name\":\"record_verdict\",\"arguments\":{\"label\":\"correct\","
                    + "\"tags\":[],\"reason\":\"It counted.\",\"step\":null}}</tool_call>",
                List.of()));

    Grading grading =
        judge(new TextToolCallClient(model), 100_000, false).grade(run(1), Rubric.BUILT_IN);

    assertEquals(new Verdict("correct", List.of(), "It counted.", null), grading.verdict());
    ChatRequest sent = model.seen().get(0);
    assertTrue(sent.tools().isEmpty(), "the tool is described in text");
    assertFalse(sent.parameters().containsKey("tool_choice"));
  }

  @Test
  void should_name_a_rubric_by_the_hash_of_its_text() {
    assertEquals(new Rubric("Be strict.", "a").hash(), new Rubric(" Be strict.\n", "b").hash());
    assertFalse(new Rubric("Be strict.", "a").hash().equals(Rubric.BUILT_IN.hash()));
    assertEquals(64, Rubric.BUILT_IN.hash().length());
  }
}
