package dev.distillery.capture.otlp;

import java.util.Locale;

/** What a span is to a run, read from the GenAI conventions or OpenInference's span kind. */
enum SpanType {
  MODEL,
  TOOL,
  AGENT,
  OTHER;

  static SpanType of(OtlpSpan span) {
    String operation = span.text("gen_ai.operation.name");
    if (operation != null) {
      switch (operation.toLowerCase(Locale.ROOT)) {
        case "chat", "text_completion", "generate_content":
          return MODEL;
        case "execute_tool":
          return TOOL;
        case "invoke_agent", "create_agent":
          return AGENT;
        default:
          return OTHER;
      }
    }
    String kind = span.text("openinference.span.kind");
    if (kind != null) {
      return switch (kind.toUpperCase(Locale.ROOT)) {
        case "LLM" -> MODEL;
        case "TOOL" -> TOOL;
        case "AGENT" -> AGENT;
        default -> OTHER;
      };
    }
    String requestType = span.text("llm.request.type");
    if ("chat".equals(requestType) || "completion".equals(requestType)) {
      return MODEL;
    }
    return OTHER;
  }
}
