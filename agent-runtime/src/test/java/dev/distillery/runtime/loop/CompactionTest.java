package dev.distillery.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.compact.Compactor;
import dev.distillery.runtime.compact.ModelSummarizer;
import dev.distillery.runtime.compact.TokenEstimate;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
  @TempDir Path work;

  /**
   * A model that answers the agent's requests in call order (the scripted model counts assistant
   * messages, which compaction removes) and summary requests with a fixed summary.
   */
  private static final class OrderedModel implements ModelClient {
    final List<ChatRequest> agentRequests = new ArrayList<>();
    final List<ChatRequest> summaryRequests = new ArrayList<>();
    private final List<Message> replies;

    OrderedModel(List<Message> replies) {
      this.replies = replies;
    }

    @Override
    public ChatReply complete(ChatRequest request) {
      if (request.messages().get(0).content().equals(ModelSummarizer.INSTRUCTION)) {
        summaryRequests.add(request);
        return new ChatReply(
            Message.assistant("The user asked for numbers; four were printed.", List.of()),
            "stop",
            new Usage(300, 12),
            1);
      }
      agentRequests.add(request);
      return new ChatReply(replies.get(agentRequests.size() - 1), "stop", new Usage(10, 5), 1);
    }

    @Override
    public String provider() {
      return "ordered";
    }
  }

  private static List<Message> printTurns(int turns, int width) {
    List<Message> replies = new ArrayList<>();
    for (int i = 0; i < turns; i++) {
      String args = "{\"command\": \"printf '%0" + width + "d' " + i + "\"}";
      replies.add(Message.assistant(null, List.of(new ToolCall("c" + i, "bash", args))));
    }
    replies.add(Message.assistant("printed them all", List.of()));
    return replies;
  }

  /** The estimate of the first request: system prompt, the user's line and the tools. */
  private long baseTokens() {
    OrderedModel probe = new OrderedModel(List.of(Message.assistant("x", List.of())));
    new LoopFixture(work).loop(probe, LoopOptions.defaults("m")).run(spec(), work, null);
    ChatRequest first = probe.agentRequests.get(0);
    return TokenEstimate.of(first.messages(), first.tools());
  }

  private dev.distillery.trace.RunSpec spec() {
    return dev.distillery.trace.RunSpec.adHoc(
        "print numbers", "m", "ordered", "agent", work.toString());
  }

  private LoopFixture runWithLimit(OrderedModel model, long limit) {
    LoopFixture fixture = new LoopFixture(work);
    long window = (long) Math.ceil(limit / Controls.DEFAULT_COMPACT_AT);
    RunResult result =
        fixture
            .loop(model, LoopOptions.builder("m").contextWindow(window).build())
            .run(spec(), work, null);
    assertEquals(RunStatus.SUCCEEDED, result.status(), result.reason());
    return fixture;
  }

  @Test
  void should_cut_long_old_tool_outputs_first_and_record_tokens_before_and_after() {
    long base = baseTokens();
    OrderedModel model = new OrderedModel(printTurns(2, 3000));
    LoopFixture fixture = runWithLimit(model, base + 1300);

    List<EventPayload.Compaction> compactions =
        fixture.sink.payloads(EventPayload.Compaction.class);
    assertEquals(1, compactions.size());
    EventPayload.Compaction compaction = compactions.get(0);
    assertEquals(1, compaction.outputsCut());
    assertEquals(0, compaction.messagesSummarized());
    assertNull(compaction.summaryIndex());
    assertTrue(model.summaryRequests.isEmpty(), "cutting was enough: no summary call");
    ChatRequest after = model.agentRequests.get(2);
    assertEquals(
        compaction.tokensAfter(), TokenEstimate.of(after.messages(), after.tools()), "after");
    List<Message> uncut = new ArrayList<>(model.agentRequests.get(1).messages());
    uncut.add(fixture.sink.messageLog().get(4));
    uncut.add(fixture.sink.messageLog().get(5));
    assertEquals(compaction.tokensBefore(), TokenEstimate.of(uncut, after.tools()), "before");
    assertTrue(compaction.tokensBefore() > base + 1300);
    assertTrue(compaction.tokensAfter() <= base + 1300);
    String cut = after.messages().get(3).content();
    assertTrue(cut.contains("characters cut to fit the context window"), cut);
    assertEquals(3000, after.messages().get(5).content().length(), "the latest output is whole");
    assertEquals(
        3000,
        fixture.sink.messageLog().get(3).content().length(),
        "the original output stays in the trace");
  }

  @Test
  void should_replace_older_turns_with_a_model_written_summary_when_cutting_is_not_enough() {
    long base = baseTokens();
    OrderedModel model = new OrderedModel(printTurns(4, 900));
    LoopFixture fixture = runWithLimit(model, base + 600);

    EventPayload.Compaction compaction =
        fixture.sink.payloads(EventPayload.Compaction.class).get(0);
    assertEquals(0, compaction.outputsCut(), "no output was over the cut length");
    assertEquals(5, compaction.messagesSummarized(), "the request and two tool turns");
    assertEquals(new Usage(300, 12), compaction.summaryUsage());
    assertTrue(compaction.tokensAfter() < compaction.tokensBefore());
    assertEquals(1, model.summaryRequests.size());
    String transcript = model.summaryRequests.get(0).messages().get(1).content();
    assertTrue(transcript.startsWith("[user]\nprint numbers"), transcript);

    EventPayload.ModelRequest next = fixture.sink.payloads(EventPayload.ModelRequest.class).get(3);
    List<Message> log = fixture.sink.messageLog();
    assertEquals(compaction.summaryIndex(), next.context().get(1));
    Message summary = log.get(compaction.summaryIndex());
    assertEquals(Role.USER, summary.role());
    assertEquals(
        Compactor.SUMMARY_HEADER + "The user asked for numbers; four were printed.",
        summary.content());
    assertEquals(model.agentRequests.get(3).messages(), fixture.sink.rebuilt(next));
    assertEquals(Role.ASSISTANT, model.agentRequests.get(3).messages().get(2).role());
    assertEquals("print numbers", log.get(1).content(), "the original messages stay in the trace");
    EventPayload.RunFinished finished =
        fixture.sink.payloads(EventPayload.RunFinished.class).get(0);
    assertTrue(finished.usage().promptTokens() >= 300, "the summary call's tokens count");
  }

  @Test
  void should_cut_the_newest_tool_output_too_when_the_request_is_still_over_the_window() {
    long base = baseTokens();
    OrderedModel model = new OrderedModel(printTurns(1, 8000));
    LoopFixture fixture = new LoopFixture(work);
    long window = base + 600;

    RunResult result =
        fixture
            .loop(model, LoopOptions.builder("m").contextWindow(window).build())
            .run(spec(), work, null);

    assertEquals(RunStatus.SUCCEEDED, result.status(), result.reason());
    EventPayload.Compaction compaction =
        fixture.sink.payloads(EventPayload.Compaction.class).get(0);
    assertEquals(1, compaction.outputsCut());
    assertTrue(compaction.tokensAfter() <= window, compaction.toString());
    ChatRequest after = model.agentRequests.get(1);
    assertTrue(TokenEstimate.of(after.messages(), after.tools()) <= window, "what was sent fits");
    Message cut = after.messages().get(after.messages().size() - 1);
    assertEquals(Role.TOOL, cut.role());
    assertEquals("c0", cut.toolCallId(), "the cut output still answers its call");
    assertTrue(cut.content().contains("characters cut to fit the context window"), cut.content());
  }

  @Test
  void should_end_the_run_as_context_overflow_when_even_compaction_cannot_make_it_fit() {
    long base = baseTokens();
    OrderedModel model = new OrderedModel(printTurns(1, 10));
    LoopFixture fixture = new LoopFixture(work);

    RunResult result =
        fixture
            .loop(model, LoopOptions.builder("m").contextWindow(base - 10).build())
            .run(spec(), work, null);

    assertEquals(RunStatus.FAILED, result.status());
    assertEquals("context_overflow", result.outcome());
    assertTrue(result.reason().contains("context window of " + (base - 10)), result.reason());
    assertTrue(model.agentRequests.isEmpty(), "nothing over the window was sent");
    assertEquals(
        "context_overflow", fixture.sink.payloads(EventPayload.Error.class).get(0).errorType());
  }
}
