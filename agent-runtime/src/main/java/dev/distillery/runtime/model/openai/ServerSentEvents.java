package dev.distillery.runtime.model.openai;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads a {@code text/event-stream} body: each event's {@code data:} lines (joined by newlines) go
 * to the assembler; comments ({@code :keep-alive}) and other fields are skipped. Stops at {@code
 * [DONE]} or the end of the body.
 */
final class ServerSentEvents {
  private ServerSentEvents() {}

  static void read(BufferedSource source, StreamAssembler assembler) throws IOException {
    StringBuilder data = null;
    String line;
    while (!assembler.done() && (line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          assembler.accept(data.toString());
          data = null;
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    if (data != null && !assembler.done()) {
      assembler.accept(data.toString());
    }
  }
}
