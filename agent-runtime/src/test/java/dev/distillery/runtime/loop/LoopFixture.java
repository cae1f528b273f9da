package dev.distillery.runtime.loop;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A loop over the scripted model that remembers every request the model received. */
final class LoopFixture {
  final RecordingSink sink = new RecordingSink();
  final List<ChatRequest> seen = new ArrayList<>();
  final Path work;

  LoopFixture(Path work) {
    this.work = work;
  }

  ModelClient scripted(String json) {
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

  AgentLoop loop(ModelClient client, LoopOptions options) {
    return new AgentLoop(client, ToolRegistry.defaults(), sink, options, new Pricing(Map.of()));
  }

  AgentLoop loop(String script, Controls controls) {
    return loop(scripted(script), LoopOptions.builder("m").maxTurns(10).controls(controls).build());
  }

  RunSpec spec(String prompt, String mode) {
    return RunSpec.adHoc(prompt, "m", "scripted", mode, work.toString());
  }

  RunResult run(String script, Controls controls, String prompt) {
    return loop(script, controls).run(spec(prompt, "agent"), work, null);
  }

  /** The tool messages the model saw in its last request. */
  List<String> toolMessagesSeenLast() {
    return seen.get(seen.size() - 1).messages().stream()
        .filter(m -> m.role() == dev.distillery.trace.Role.TOOL)
        .map(Message::content)
        .toList();
  }
}
