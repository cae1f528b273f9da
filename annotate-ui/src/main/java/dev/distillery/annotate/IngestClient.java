package dev.distillery.annotate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records through a running server's {@code POST /api/ingest} instead of opening the store: the
 * sink other processes use while {@code distillery serve} holds the file. Synchronous: {@link
 * #record} returns once the server has committed the event. The token, when there is one, travels
 * only in the {@code Authorization} header and is never part of a message.
 */
public final class IngestClient implements TraceSink {
  /** What {@code GET /api/health} says about the server. */
  public record Health(String store, long pid, boolean ingest) {}

  private static final ObjectReader RUN =
      EventJson.READER
          .readerFor(Run.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the server's address, e.g. {@code http://127.0.0.1:7070/}
   * @param token the server's token, or null when it has none
   * @param timeout how long one request may take before the server counts as gone
   */
  public IngestClient(URI base, String token, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = token;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public URI base() {
    return base;
  }

  /**
   * @throws IngestException when the server does not answer or refuses
   */
  public Health health() {
    JsonNode body = send(request("api/health").GET());
    return new Health(
        body.path("store").asText(null),
        body.path("pid").asLong(-1),
        body.path("ingest").asBoolean(false));
  }

  /**
   * @throws IngestException when the server refuses the event (with its reason) or is gone
   */
  @Override
  public void record(TraceEvent event) {
    recordAll(List.of(event));
  }

  @Override
  public void recordAll(List<TraceEvent> events) {
    for (int from = 0; from < events.size(); from += EventJson.MAX_EVENTS) {
      List<TraceEvent> chunk =
          events.subList(from, Math.min(events.size(), from + EventJson.MAX_EVENTS));
      send(
          request("api/ingest")
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      EventJson.write(chunk), StandardCharsets.UTF_8)));
    }
  }

  /**
   * What {@code GET /api/approvals/{id}} says: {@code answered}, {@code pending} or {@code
   * timeout}.
   */
  public record ApprovalStatus(String status, String answer, String answeredBy, String via) {}

  /**
   * Asks the server's people to approve a tool call ({@code POST /api/approvals}).
   *
   * @param id the policy_decision event that asked
   * @throws IngestException when the server refuses or is gone
   */
  public void askApproval(
      String id,
      String runId,
      String callId,
      String toolName,
      String arguments,
      String reason,
      long timeoutSeconds) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("id", id);
    body.put("runId", runId);
    body.put("callId", callId);
    body.put("toolName", toolName);
    body.put("arguments", arguments);
    body.put("reason", reason);
    body.put("timeoutSeconds", timeoutSeconds);
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IngestException("could not write an approval request: " + e, 0, e);
    }
    send(
        request("api/approvals")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /**
   * The answer to an ask, waiting on the server up to {@code waitSeconds} for one (a long poll).
   *
   * @throws IngestException when the server refuses (404: it forgot the ask) or is gone
   */
  public ApprovalStatus approval(String id, long waitSeconds) {
    JsonNode body =
        send(
            request(
                    "api/approvals/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "?wait="
                        + waitSeconds)
                .timeout(timeout.plusSeconds(waitSeconds))
                .GET());
    return new ApprovalStatus(
        body.path("status").asText("pending"),
        body.path("answer").asText(null),
        body.path("answeredBy").asText(null),
        body.path("via").asText(null));
  }

  /** Every run of a suite run, newest first, read page by page from {@code /api/runs}. */
  public List<Run> suiteRuns(String suiteRunId) {
    List<Run> runs = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode body =
          send(
              request(
                      "api/runs?suite="
                          + URLEncoder.encode(suiteRunId, StandardCharsets.UTF_8)
                          + "&size="
                          + ListQuery.MAX_SIZE
                          + "&page="
                          + page)
                  .GET());
      for (JsonNode row : body.path("runs")) {
        try {
          runs.add(RUN.readValue(row.path("run")));
        } catch (IOException e) {
          throw new IngestException("the server sent a run this client cannot read: " + e, 0, e);
        }
      }
      if (body.path("runs").size() < ListQuery.MAX_SIZE
          || runs.size() >= body.path("total").asLong()) {
        return runs;
      }
    }
  }

  /**
   * Read-only SQL through the server's {@code /api/sql} (at most 1,000 rows).
   *
   * @throws IngestException with the server's reason when it refuses the query
   */
  public QueryTable sql(String sql) {
    JsonNode body =
        send(request("api/sql?q=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)).GET());
    List<String> columns = new ArrayList<>();
    body.path("columns").forEach(column -> columns.add(column.asText()));
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode row : body.path("rows")) {
      List<Object> cells = new ArrayList<>(row.size());
      // plain values as the store gives them: lists as lists, structs and maps as maps
      row.forEach(cell -> cells.add(Json.MAPPER.convertValue(cell, Object.class)));
      rows.add(cells);
    }
    return new QueryTable(columns, rows, body.path("truncated").asBoolean(false));
  }

  /**
   * Asks the server for a consistent copy of its store, as of now ({@code POST /api/snapshot}), in
   * a file beside the store that the caller then owns: it reads the copy and deletes it.
   *
   * @return the copy's path, as the server names it
   * @throws IngestException with the server's reason when it refuses or cannot make one
   */
  public Path snapshot() {
    JsonNode body = send(request("api/snapshot").POST(HttpRequest.BodyPublishers.noBody()));
    String path = body.path("path").asText("");
    if (path.isEmpty()) {
      throw new IngestException(
          "distillery serve at " + base + " sent no snapshot path", 502, null);
    }
    return Path.of(path);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IngestException(
          "distillery serve at " + base + " did not answer (" + e.getClass().getSimpleName() + ")",
          0,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException("interrupted while waiting for distillery serve at " + base, 0, e);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      String reason = body.path("error").asText("HTTP " + response.statusCode());
      throw new IngestException(
          "distillery serve at " + base + " refused " + request.uri().getPath() + ": " + reason,
          response.statusCode(),
          reason,
          null);
    }
    return body;
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }
}
