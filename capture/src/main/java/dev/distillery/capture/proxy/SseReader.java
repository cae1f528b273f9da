package dev.distillery.capture.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a server-sent event stream as its bytes pass through: lines split, each event's {@code
 * data} handed to {@link #event}, and the reply the events build. It only reads; the bytes go to
 * the client unchanged.
 */
abstract class SseReader {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();

  /** Takes the next bytes of the stream. */
  final void accept(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        line(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (b != '\r') {
        line.write(b);
      }
    }
  }

  /** One event's data. */
  abstract void event(String payload);

  /** Whether the stream said it was complete. */
  abstract boolean complete();

  /** The error the stream reported in an event, or null. */
  abstract String error();

  /** The reply assembled so far (null when there is none to record). */
  abstract Reply reply();

  private void line(String value) {
    if (value.isEmpty()) {
      if (!data.isEmpty()) {
        event(data.toString());
        data.setLength(0);
      }
    } else if (value.startsWith("data:")) {
      if (!data.isEmpty()) {
        data.append('\n');
      }
      data.append(value.substring(value.startsWith("data: ") ? 6 : 5));
    }
  }
}
