package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/** One OpenAI API as the proxy reads it: chat completions, or responses. */
interface Wire {
  /** The request as recorded, or null when the body is not one (it is forwarded anyway). */
  ChatWire.Request request(JsonNode body);

  /** The whole (unstreamed) reply, or null when the answer has none. */
  Reply reply(JsonNode answer);

  /** Reads a streamed reply as it passes. */
  SseReader reader();

  /** What a whole answer lacks when {@link #reply} finds none, for the error recorded. */
  String missing();
}
