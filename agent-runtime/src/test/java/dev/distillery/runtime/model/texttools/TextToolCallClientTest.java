package dev.distillery.runtime.model.texttools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model without native tool calls, driven through the real loop by a script of text replies. */
class TextToolCallClientTest {
  @TempDir Path work;

  private final List<ChatRequest> sent = new ArrayList<>();
  private final List<TraceEvent> events = new CopyOnWriteArrayList<>();

  private ModelClient textModel(String script) {
    ScriptedModelClient model = ScriptedModelClient.fromJson(script);
    ModelClient seeing =
        new ModelClient() {
          @Override
          public ChatReply complete(ChatRequest request) {
            sent.add(request);
            return model.complete(request);
          }

          @Override
          public String provider() {
            return model.provider();
          }
        };
    return new TextToolCallClient(seeing);
  }

  private RunResult run(ModelClient client, String prompt) {
    AgentLoop loop =
        new AgentLoop(
            client,
            ToolRegistry.defaults(),
            events::add,
            LoopOptions.defaults("gemma2"),
            new Pricing(Map.of()));
    return loop.run(
        RunSpec.adHoc(prompt, "gemma2", client.provider(), "agent", work.toString()), work, null);
  }

  private static final String SCRIPT =
      """
      [ {"content": "I'll write it.\\n<tool_call>{\\"name\\": \\"write_file\\", \\"arguments\\": {\\"path\\": \\"hi.txt\\", \\"content\\": \\"hello\\\\n\\"}}</tool_call>"},
        {"content": "<tool_call>{\\"name\\": \\"bash\\", \\"arguments\\": {\\"command\\": \\"cat hi.txt\\"}}</tool_call>"},
        {"content": "Done. The format is `<tool_call>{\\"name\\": \\"bash\\"}</tool_call>`, by the way."} ]""";

  @Test
  void should_run_tools_called_in_text_and_record_them_as_structured_calls() throws Exception {
    RunResult result = run(textModel(SCRIPT), "write hi.txt");

    assertEquals(RunStatus.SUCCEEDED, result.status(), result.reason());
    assertEquals("hello\n", Files.readString(work.resolve("hi.txt")));
    assertEquals(
        "Done. The format is `<tool_call>{\"name\": \"bash\"}</tool_call>`, by the way.",
        result.finalText(),
        "a look-alike tag in the answer stays text and ends the run");
    List<EventPayload.ModelResponse> responses =
        events.stream()
            .map(TraceEvent::payload)
            .filter(EventPayload.ModelResponse.class::isInstance)
            .map(EventPayload.ModelResponse.class::cast)
            .toList();
    Message first = responses.get(0).message();
    assertEquals("I'll write it.", first.content());
    assertEquals(
        List.of(
            new ToolCall(
                "call_0_0", "write_file", "{\"path\":\"hi.txt\",\"content\":\"hello\\n\"}")),
        first.toolCalls());
    assertEquals("tool_calls", responses.get(0).finishReason());
    assertEquals(
        List.of(new ToolCall("call_1_0", "bash", "{\"command\":\"cat hi.txt\"}")),
        responses.get(1).message().toolCalls());
    List<EventPayload.ModelRequest> requests =
        events.stream()
            .map(TraceEvent::payload)
            .filter(EventPayload.ModelRequest.class::isInstance)
            .map(EventPayload.ModelRequest.class::cast)
            .toList();
    assertEquals(
        ToolRegistry.defaults().specs(),
        requests.get(0).tools(),
        "the recorded request keeps the structured tool specs");
  }

  @Test
  void should_send_the_tools_as_text_and_the_history_as_tags() {
    run(textModel(SCRIPT), "write hi.txt");

    ChatRequest third = sent.get(2);
    assertTrue(third.tools().isEmpty(), "no tool specs go to the model");
    Message system = third.messages().get(0);
    assertEquals(Role.SYSTEM, system.role());
    assertTrue(system.content().startsWith("You are a careful software agent."), system.content());
    assertTrue(system.content().contains("# Tools"), system.content());
    assertTrue(system.content().contains("\n- write_file: "), system.content());
    assertTrue(
        third.messages().stream().noneMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty()),
        "no tool roles or structured calls on the wire");
    Message firstCall = third.messages().get(2);
    assertEquals(Role.ASSISTANT, firstCall.role());
    assertEquals(
        "I'll write it.\n\n<tool_call>{\"name\":\"write_file\",\"arguments\":{\"path\":\"hi.txt\",\"content\":\"hello\\n\"}}</tool_call>",
        firstCall.content());
    Message firstResult = third.messages().get(3);
    assertEquals(Role.USER, firstResult.role());
    assertTrue(
        firstResult.content().startsWith("<tool_result name=\"write_file\" id=\"call_0_0\">\n"),
        firstResult.content());
    assertTrue(third.messages().get(5).content().contains("hello"), "cat's output comes back");
    assertFalse(third.messages().get(5).content().contains("<tool_call>"));
  }
}
