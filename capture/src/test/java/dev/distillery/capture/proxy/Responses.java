package dev.distillery.capture.proxy;

import java.util.List;

/** Responses API bodies and stream events, as an upstream sends them. */
final class Responses {
  private Responses() {}

  static String text(String id, String text) {
    return response(
        id,
        "[{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},{\"type\":\"message\",\"id\":"
            + "\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":"
            + "\"output_text\",\"text\":\""
            + text
            + "\",\"annotations\":[]}]}]");
  }

  static String call(String id, String callId, String name, String argumentsEscaped) {
    return response(
        id,
        "[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\""
            + callId
            + "\",\"name\":\""
            + name
            + "\",\"arguments\":\""
            + argumentsEscaped
            + "\",\"status\":\"completed\"}]");
  }

  static String response(String id, String output) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"response\",\"created_at\":1764849600,\"status\":\"completed\","
        + "\"model\":\"gpt-test\",\"output\":"
        + output
        + ",\"usage\":{\"input_tokens\":15,\"output_tokens\":7,\"total_tokens\":22}}";
  }

  /** A streamed text response: created, deltas, completed (each an SSE data payload). */
  static List<String> stream(String id, String... deltas) {
    List<String> events = new java.util.ArrayList<>();
    events.add(
        "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\""
            + id
            + "\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}");
    StringBuilder text = new StringBuilder();
    for (String delta : deltas) {
      text.append(delta);
      events.add(
          "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_1\","
              + "\"output_index\":0,\"content_index\":0,\"delta\":\""
              + delta
              + "\"}");
    }
    events.add(
        "{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":"
            + text(id, text.toString())
            + "}");
    return events;
  }
}
