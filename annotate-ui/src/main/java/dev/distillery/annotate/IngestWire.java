package dev.distillery.annotate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.util.List;

/**
 * What a client of the server's JSON API needs of its wire format: the body of {@code POST
 * /api/ingest}, a run as {@code /api/runs} lists it, and the limits. The client itself lives with
 * the commands that use it.
 */
public final class IngestWire {
  /** The most events one ingest request may carry. */
  public static final int MAX_EVENTS = EventJson.MAX_EVENTS;

  /** The largest page {@code /api/runs} gives. */
  public static final int MAX_PAGE = ListQuery.MAX_SIZE;

  private static final ObjectReader RUN =
      EventJson.READER
          .forType(Run.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private IngestWire() {}

  /** The body of {@code POST /api/ingest} for these events (at most {@link #MAX_EVENTS}). */
  public static String events(List<TraceEvent> events) {
    return EventJson.write(events);
  }

  /** A run as the runs list sends it. */
  public static Run run(JsonNode json) throws IOException {
    return RUN.readValue(json);
  }
}
