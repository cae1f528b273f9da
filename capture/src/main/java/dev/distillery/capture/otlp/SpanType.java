package dev.distillery.capture.otlp;

import java.util.Locale;

/** What a span is to a run, read from the GenAI conventions or OpenInference's span kind. */
enum SpanType {
  MODEL,
  TOOL,
  AGENT,
  OTHER;

  static SpanType of(OtlpSpan span) {
    SpanType vercel = vercel(span);
    if (vercel != null) {
      return vercel;
    }
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

  /**
   * The Vercel AI SDK's spans ({@code ai.operationId}): {@code ai.generateText} and {@code
   * ai.streamText} hold a run, their {@code doGenerate} / {@code doStream} are model calls, {@code
   * ai.toolCall} a tool call; null for other spans.
   */
  private static SpanType vercel(OtlpSpan span) {
    String operation = span.text("ai.operationId");
    if (operation == null) {
      return null;
    }
    if (operation.endsWith(".doGenerate") || operation.endsWith(".doStream")) {
      return MODEL;
    }
    return switch (operation) {
      case "ai.toolCall" -> TOOL;
      case "ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject" -> AGENT;
      default -> OTHER;
    };
  }
}
