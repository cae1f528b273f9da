package dev.distillery.export.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.format.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  @Test
  void should_write_text_beyond_ascii_as_utf8_not_as_escapes() {
    ObjectNode row = Json.object().put("content", "d\u00e9j\u00e0 vu \uD83D\uDE00 \u2028 \u0001");

    byte[] line = DatasetFiles.line(row);

    assertArrayEquals(
        "{\"content\":\"d\u00e9j\u00e0 vu \uD83D\uDE00 \u2028 \\u0001\"}"
            .getBytes(StandardCharsets.UTF_8),
        line);
    assertEquals(
        4, new String(line, StandardCharsets.UTF_8).codePoints().filter(c -> c > 127).count());
  }

  @Test
  void should_write_a_lone_surrogate_as_a_question_mark_instead_of_failing() {
    // parsed tool-call arguments such as {"q":"\ud83dz"} hold half of a pair
    ObjectNode row = Json.object().put("q", "\uD83Dz");

    assertEquals("{\"q\":\"?z\"}", new String(DatasetFiles.line(row), StandardCharsets.UTF_8));
  }
}
