package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownSecretsTest {
  private static final String KEY = "sk-test-0123456789abcdef";

  private static TraceEvent event(EventPayload payload) {
    return new TraceEvent("e1", "r1", null, 3, Instant.EPOCH, 5L, payload);
  }

  @Test
  void should_replace_every_known_value_in_every_text_of_an_event_before_it_is_recorded() {
    KnownSecrets known = new KnownSecrets();
    known.add("api_key", KEY);
    List<TraceEvent> recorded = new ArrayList<>();
    TraceSink sink = known.guard(recorded::add);

    sink.record(
        event(
            new EventPayload.ToolResult(
                "c1", "bash", "OPENAI_API_KEY=" + KEY + "\nHOME=/root\n" + KEY, 0, false, false)));
    sink.record(
        event(
            new EventPayload.ModelRequest(
                0,
                List.of(
                    Message.user("look"),
                    Message.assistant(
                        null, List.of(new ToolCall("c1", "bash", "{\"command\":\"" + KEY + "\"}"))),
                    Message.tool("c1", "bash", "key " + KEY)),
                List.of(0, 1, 2),
                List.of(),
                null)));

    EventPayload.ToolResult result = (EventPayload.ToolResult) recorded.get(0).payload();
    assertEquals(
        "OPENAI_API_KEY=[REDACTED:api_key]\nHOME=/root\n[REDACTED:api_key]", result.output());
    assertEquals(3, recorded.get(0).seq(), "the event keeps its place");
    EventPayload.ModelRequest request = (EventPayload.ModelRequest) recorded.get(1).payload();
    assertEquals(
        "{\"command\":\"[REDACTED:api_key]\"}",
        request.appended().get(1).toolCalls().get(0).argumentsJson());
    assertEquals("key [REDACTED:api_key]", request.appended().get(2).content());
    assertEquals(List.of(0, 1, 2), request.context());
  }

  @Test
  void should_replace_the_json_escaped_spelling_of_a_value() {
    KnownSecrets known = new KnownSecrets();
    known.add("api_key", "pa\"ss\\word-123");

    assertEquals("{\"k\":\"[REDACTED:api_key]\"}", known.scrub("{\"k\":\"pa\\\"ss\\\\word-123\"}"));
  }

  @Test
  void should_leave_short_values_and_texts_without_a_known_value_as_they_are() {
    KnownSecrets known = new KnownSecrets();
    known.add("api_key", "short");
    known.add("api_key", null);
    assertTrue(known.isEmpty(), "values under " + KnownSecrets.MIN_LENGTH + " chars are not kept");
    known.add("api_key", KEY);
    String text = "nothing secret here";
    TraceEvent event = event(new EventPayload.ToolResult("c1", "bash", text, 0, false, false));

    assertSame(text, known.scrub(text));
    assertSame(event, known.scrub(event));
  }

  @Test
  void should_take_the_values_of_credential_looking_variables_from_an_environment() {
    KnownSecrets known =
        KnownSecrets.fromEnvironment(
            Map.of(
                "OPENAI_API_KEY", KEY,
                "GITHUB_TOKEN", "ghp_abcdefgh12345",
                "HOME", "/home/someone"));

    assertEquals(
        "[REDACTED:api_key] [REDACTED:credential] /home/someone",
        known.scrub(KEY + " ghp_abcdefgh12345 /home/someone"));
    assertFalse(KnownSecrets.isCredentialName("HOME"));
  }
}
