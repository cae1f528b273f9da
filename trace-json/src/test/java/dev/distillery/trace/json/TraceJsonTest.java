package dev.distillery.trace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceJsonTest {
  private static final ObjectMapper MAPPER = TraceJson.builder().build();

  @Test
  void should_write_an_event_with_its_fields_in_order_and_enums_in_lower_case() throws Exception {
    EventPayload finished =
        new EventPayload.RunFinished(
            RunStatus.SUCCEEDED,
            "answered",
            "done",
            2,
            new Usage(10, 3),
            null,
            new CheckResult(CheckStatus.PASS, "true", 0, "", 5));
    TraceEvent event =
        new TraceEvent("e1", "r1", null, 7, Instant.parse("2026-01-31T12:00:00Z"), 4L, finished);

    String json = MAPPER.writeValueAsString(TraceJson.event(MAPPER, event));

    assertEquals(
        "{\"id\":\"e1\",\"runId\":\"r1\",\"parentId\":null,\"seq\":7,"
            + "\"timestamp\":\"2026-01-31T12:00:00Z\",\"durationMs\":4,\"kind\":\"run_finished\","
            + "\"payload\":{\"status\":\"succeeded\",\"outcome\":\"answered\",\"reason\":\"done\","
            + "\"turns\":2,\"usage\":{\"promptTokens\":10,\"completionTokens\":3},"
            + "\"costUsd\":null,\"check\":{\"status\":\"pass\",\"command\":\"true\","
            + "\"exitCode\":0,\"output\":\"\",\"durationMs\":5}}}",
        json);
  }

  @Test
  void should_read_a_payload_back_into_its_kinds_record_when_enums_are_in_any_case()
      throws Exception {
    JsonNode payload =
        MAPPER.readTree(
            "{\"status\":\"FAILED\",\"outcome\":\"model_error\",\"reason\":\"r\",\"turns\":1,"
                + "\"usage\":{\"promptTokens\":1,\"completionTokens\":2},\"costUsd\":0.5,"
                + "\"check\":null}");

    EventPayload read = MAPPER.treeToValue(payload, EventKind.RUN_FINISHED.payloadType());

    assertEquals(
        new EventPayload.RunFinished(
            RunStatus.FAILED, "model_error", "r", 1, new Usage(1, 2), 0.5, null),
        read);
  }
}
