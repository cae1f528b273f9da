package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.IngestWire;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Records through a running server's {@code POST /api/ingest} instead of opening the store: the
 * sink other processes use while {@code distillery serve} holds the file. Synchronous: {@link
 * #record} returns once the server has committed the event. The token, when there is one, travels
 * only in the {@code Authorization} header and is never part of a message. Calls go through the
 * process's one OkHttp client for serve ({@link ServeHttp}).
 */
final class IngestClient implements TraceSink {
  /** What {@code GET /api/health} says about the server. */
  record Health(String store, long pid, boolean ingest) {}

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** The largest body serve takes (its request limit). */
  static final int MAX_IMPORT_BYTES = 8 * 1024 * 1024;

  private final URI base;
  private final String token;
  private final Duration timeout;

  /**
   * @param base the server's address, e.g. {@code http://127.0.0.1:7070/}
   * @param token the server's token, or null when it has none
   * @param timeout how long one request may take before the server counts as gone
   */
  IngestClient(URI base, String token, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = token;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  URI base() {
    return base;
  }

  /**
   * @throws IngestException when the server does not answer or refuses
   */
  Health health() {
    JsonNode body = send(request("api/health").get(), timeout);
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
    for (int from = 0; from < events.size(); from += IngestWire.MAX_EVENTS) {
      List<TraceEvent> chunk =
          events.subList(from, Math.min(events.size(), from + IngestWire.MAX_EVENTS));
      send(request("api/ingest").post(RequestBody.create(IngestWire.events(chunk), JSON)), timeout);
    }
  }

  /**
   * What {@code GET /api/approvals/{id}} says: {@code answered}, {@code pending} or {@code
   * timeout}.
   */
  record ApprovalStatus(String status, String answer, String answeredBy, String via) {}

  /**
   * Asks the server's people to approve a tool call ({@code POST /api/approvals}).
   *
   * @param id the policy_decision event that asked
   * @throws IngestException when the server refuses or is gone
   */
  void askApproval(
      String id,
      String runId,
      String callId,
      String toolName,
      String arguments,
      String reason,
      long timeoutSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
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
    send(request("api/approvals").post(RequestBody.create(json, JSON)), timeout);
  }

  /**
   * The answer to an ask, waiting on the server up to {@code waitSeconds} for one (a long poll).
   *
   * @throws IngestException when the server refuses (404: it forgot the ask) or is gone
   */
  ApprovalStatus approval(String id, long waitSeconds) {
    JsonNode body =
        send(
            request("api/approvals/" + encode(id) + "?wait=" + waitSeconds).get(),
            timeout.plusSeconds(waitSeconds));
    return new ApprovalStatus(
        body.path("status").asText("pending"),
        body.path("answer").asText(null),
        body.path("answeredBy").asText(null),
        body.path("via").asText(null));
  }

  /** Every run of a suite run, newest first, read page by page from {@code /api/runs}. */
  List<Run> suiteRuns(String suiteRunId) {
    List<Run> runs = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode body =
          send(
              request(
                      "api/runs?suite="
                          + encode(suiteRunId)
                          + "&size="
                          + IngestWire.MAX_PAGE
                          + "&page="
                          + page)
                  .get(),
              timeout);
      for (JsonNode row : body.path("runs")) {
        try {
          runs.add(IngestWire.run(row.path("run")));
        } catch (IOException e) {
          throw new IngestException("the server sent a run this client cannot read: " + e, 0, e);
        }
      }
      if (body.path("runs").size() < IngestWire.MAX_PAGE
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
  QueryTable sql(String sql) {
    JsonNode body = send(request("api/sql?q=" + encode(sql)).get(), timeout);
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
  Path snapshot() {
    JsonNode body = send(request("api/snapshot").post(RequestBody.EMPTY), timeout);
    String path = body.path("path").asText("");
    if (path.isEmpty()) {
      throw new IngestException(
          "distillery serve at " + base + " sent no snapshot path", 502, null);
    }
    return Path.of(path);
  }

  /**
   * Records an annotation of a run ({@code POST /api/runs/{id}/annotations}) by the author the body
   * names: the server takes it from this client, which holds its token (or calls from its machine).
   *
   * @return the annotation the server recorded
   * @throws IngestException with the server's reason when it refuses
   */
  JsonNode annotate(String runId, Map<String, Object> body) {
    return send(
        request("api/runs/" + encode(runId) + "/annotations")
            .post(RequestBody.create(json(body), JSON)),
        timeout);
  }

  /**
   * Sends a label file's rows ({@code POST /api/annotations/import}); the server checks them whole
   * and answers {@code {added, skipped}}.
   *
   * @throws IngestException with the server's reason (the bad row's line) when it refuses
   */
  JsonNode importLabels(List<Map<String, Object>> rows) {
    String body = json(Map.of("rows", rows));
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_IMPORT_BYTES) {
      throw new IngestException(
          "a label file sent through distillery serve is at most 8 MiB as JSON: split it, or stop"
              + " serve and import into the store itself",
          413,
          null);
    }
    return send(request("api/annotations/import").post(RequestBody.create(body, JSON)), timeout);
  }

  /**
   * Records a model judge's grading of a run ({@code POST /api/judgements}), checked as the store
   * itself would.
   *
   * @return the judgement as the server recorded it
   * @throws IngestException with the server's reason when it refuses
   */
  JsonNode judge(Map<String, Object> judgement) {
    return send(request("api/judgements").post(RequestBody.create(json(judgement), JSON)), timeout);
  }

  private static String json(Object body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IngestException("could not write a request: " + e, 0, e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private Request.Builder request(String path) {
    Request.Builder builder =
        new Request.Builder()
            .url(base.resolve(path).toString())
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** Sends the request, allowing it {@code limit} from start to the end of its answer. */
  private JsonNode send(Request.Builder builder, Duration limit) {
    Request request = builder.build();
    int status;
    byte[] bytes;
    try {
      ServeHttp.Attempt attempt = new ServeHttp.Attempt();
      try (Response response = call(request, attempt, limit).execute()) {
        status = response.code();
        bytes = response.body().bytes();
      } catch (IOException e) {
        if (!attempt.stale()) {
          throw e;
        }
        // a pooled connection the server had closed: the request never reached it
        try (Response response = call(request, new ServeHttp.Attempt(), limit).execute()) {
          status = response.code();
          bytes = response.body().bytes();
        }
      }
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IngestException(
            "interrupted while waiting for distillery serve at " + base, 0, e);
      }
      throw unreachable(e);
    } catch (IOException e) {
      throw unreachable(e);
    }
    JsonNode body = parse(bytes);
    if (status / 100 != 2) {
      String reason = body.path("error").asText("HTTP " + status);
      throw new IngestException(
          "distillery serve at " + base + " refused " + request.url().encodedPath() + ": " + reason,
          status,
          reason,
          null);
    }
    return body;
  }

  private static Call call(Request request, ServeHttp.Attempt attempt, Duration limit) {
    Call call =
        ServeHttp.CLIENT.newCall(
            request.newBuilder().tag(ServeHttp.Attempt.class, attempt).build());
    call.timeout().timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
    return call;
  }

  private IngestException unreachable(IOException e) {
    return new IngestException(
        "distillery serve at " + base + " did not answer (" + e.getClass().getSimpleName() + ")",
        0,
        e);
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
