package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import java.util.List;

/** What a trace's run was asked, read from its root span and its first model call. */
final class RunSpecs {
  private RunSpecs() {}

  static RunSpec of(List<OtlpSpan> ordered, OtlpSpan root) {
    OtlpSpan first = root != null ? root : ordered.get(0);
    ModelCall call =
        ordered.stream()
            .filter(span -> SpanType.of(span) == SpanType.MODEL)
            .findFirst()
            .map(ModelCall::of)
            .orElse(null);
    String prompt = null;
    if (call != null) {
      prompt =
          call.input().stream()
              .filter(m -> m.role() == Role.USER && m.content() != null)
              .map(Message::content)
              .findFirst()
              .orElse(null);
    }
    if (prompt == null) {
      prompt = first.text("gen_ai.prompt", "input.value");
    }
    if (prompt == null) {
      prompt = first.name();
    }
    String model =
        call != null && call.model() != null
            ? call.model()
            : first.text("gen_ai.request.model", "llm.model_name");
    String provider =
        call != null && call.provider() != null
            ? call.provider()
            : first.text("gen_ai.provider.name", "gen_ai.system");
    ObjectNode metadata = GenAiMessages.JSON.createObjectNode();
    metadata.put("source", "otlp");
    metadata.put("trace_id", first.traceId());
    metadata.put("root_span", root != null ? root.name() : null);
    metadata.put("service", first.service());
    metadata.put("scope", first.scope());
    String agent = first.text("gen_ai.agent.name");
    if (agent != null) {
      metadata.put("agent", agent);
    }
    return new RunSpec(
        prompt,
        null,
        null,
        1,
        model == null ? "unknown" : model,
        provider == null ? "unknown" : provider,
        RunMapper.MODE,
        null,
        null,
        null,
        metadata.toString());
  }
}
