package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model call as a span describes it, whichever convention wrote it.
 *
 * @param output the model's message, or null when the span does not carry it
 */
record ModelCall(
    List<Message> input,
    Message output,
    String finishReason,
    Usage usage,
    String model,
    String provider,
    List<ToolSpec> tools,
    String parametersJson) {

  static ModelCall of(OtlpSpan span) {
    Map<String, Object> attributes = span.attributes();
    List<Message> input = new ArrayList<>();
    List<Message> output = new ArrayList<>();
    String finish = null;
    if (VercelMessages.present(attributes)) {
      input.addAll(VercelMessages.input(attributes));
      Message answer = VercelMessages.output(attributes);
      if (answer != null) {
        output.add(answer);
      }
      finish = span.text("ai.response.finishReason");
    } else if (attributes.containsKey("gen_ai.input.messages")
        || attributes.containsKey("gen_ai.output.messages")) {
      Message system =
          GenAiMessages.system(GenAiMessages.tree(attributes.get("gen_ai.system_instructions")));
      if (system != null) {
        input.add(system);
      }
      input.addAll(
          GenAiMessages.messages(GenAiMessages.tree(attributes.get("gen_ai.input.messages"))));
      JsonNode out = GenAiMessages.tree(attributes.get("gen_ai.output.messages"));
      output.addAll(GenAiMessages.messages(out));
      if (out != null && out.isArray() && out.size() > 0) {
        finish = out.get(0).path("finish_reason").asText(null);
      }
    } else if (attributes.keySet().stream()
        .anyMatch(
            k -> k.startsWith("llm.input_messages.") || k.startsWith("llm.output_messages."))) {
      input.addAll(FlatMessages.openInference(attributes, "llm.input_messages"));
      output.addAll(FlatMessages.openInference(attributes, "llm.output_messages"));
    } else if (attributes.keySet().stream()
        .anyMatch(k -> k.startsWith("gen_ai.prompt.") || k.startsWith("gen_ai.completion."))) {
      input.addAll(FlatMessages.openLlmetry(attributes, "gen_ai.prompt"));
      output.addAll(FlatMessages.openLlmetry(attributes, "gen_ai.completion"));
      finish = FlatMessages.openLlmetryFinish(attributes);
    } else {
      SpanEventMessages.read(span, input, output);
    }
    if (finish == null) {
      finish = finishReason(attributes.get("gen_ai.response.finish_reasons"));
    }
    Message reply =
        output.stream().filter(m -> m.role() == Role.ASSISTANT).findFirst().orElse(null);
    return new ModelCall(
        input,
        reply,
        finish,
        usage(span),
        span.text("gen_ai.request.model", "llm.model_name", "gen_ai.response.model", "ai.model.id"),
        span.text(
            "gen_ai.provider.name",
            "gen_ai.system",
            "llm.provider",
            "llm.system",
            "ai.model.provider"),
        tools(attributes),
        parameters(span));
  }

  private static String finishReason(Object reasons) {
    if (reasons instanceof List<?> list && !list.isEmpty()) {
      return String.valueOf(list.get(0));
    }
    return reasons instanceof String s ? s : null;
  }

  private static Usage usage(OtlpSpan span) {
    long in =
        span.number(
            "gen_ai.usage.input_tokens",
            "llm.token_count.prompt",
            "gen_ai.usage.prompt_tokens",
            "ai.usage.inputTokens",
            "ai.usage.promptTokens");
    long out =
        span.number(
            "gen_ai.usage.output_tokens",
            "llm.token_count.completion",
            "gen_ai.usage.completion_tokens",
            "ai.usage.outputTokens",
            "ai.usage.completionTokens");
    return new Usage(Math.max(0, in), Math.max(0, out));
  }

  /** Tools offered: OpenInference's {@code llm.tools.N.tool.json_schema}, GenAI's definitions. */
  static List<ToolSpec> tools(Map<String, Object> attributes) {
    List<ToolSpec> tools = new ArrayList<>();
    for (Map<String, Object> tool : FlatMessages.grouped(attributes, "llm.tools.").values()) {
      ToolSpec spec = toolSpec(GenAiMessages.tree(tool.get("tool.json_schema")));
      if (spec != null) {
        tools.add(spec);
      }
    }
    if (attributes.get("ai.prompt.tools") instanceof List<?> vercel) {
      for (Object tool : vercel) {
        ToolSpec spec = toolSpec(GenAiMessages.tree(tool));
        if (spec != null) {
          tools.add(spec);
        }
      }
    }
    JsonNode definitions = GenAiMessages.tree(attributes.get("gen_ai.tool.definitions"));
    if (definitions != null && definitions.isArray()) {
      for (JsonNode definition : definitions) {
        ToolSpec spec = toolSpec(definition);
        if (spec != null) {
          tools.add(spec);
        }
      }
    }
    return tools;
  }

  /** A tool in OpenAI's shape ({@code {"type":"function","function":{...}}}) or flat. */
  private static ToolSpec toolSpec(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode function = node.has("function") ? node.get("function") : node;
    String name = function.path("name").asText("");
    if (name.isEmpty()) {
      return null;
    }
    JsonNode parameters = function.get("parameters");
    for (String other : List.of("inputSchema", "input_schema")) {
      if (parameters == null) {
        parameters = function.get(other);
      }
    }
    return new ToolSpec(
        name,
        function.path("description").asText(""),
        parameters == null || parameters.isNull() ? "{}" : parameters.toString());
  }

  private static String parameters(OtlpSpan span) {
    String invocation = span.text("llm.invocation_parameters");
    if (invocation != null && GenAiMessages.tree(invocation).isObject()) {
      return invocation;
    }
    ObjectNode parameters = GenAiMessages.JSON.createObjectNode();
    for (String name :
        List.of(
            "temperature",
            "max_tokens",
            "top_p",
            "top_k",
            "seed",
            "frequency_penalty",
            "presence_penalty")) {
      Object value = span.attributes().get("gen_ai.request." + name);
      if (value != null) {
        parameters.set(name, GenAiMessages.JSON.valueToTree(value));
      }
    }
    return parameters.toString();
  }
}
