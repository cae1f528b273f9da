package dev.distillery.capture.proxy;

/** OpenAI chat-completion bodies, as an upstream sends them. */
final class Completions {
  private Completions() {}

  static String text(String content) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}";
  }

  static String toolCall(String id, String name, String argumentsJsonEscaped) {
    return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\"gpt-test\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":\""
        + argumentsJsonEscaped
        + "\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}";
  }

  static String chunk(String deltaJson, String finishReason) {
    return "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + deltaJson
        + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + "}]}";
  }

  static String usageChunk(int prompt, int completion) {
    return "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (prompt + completion)
        + "}}";
  }
}
