package dev.distillery.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Approvals asked under {@code serve}, kept in memory: a run recording through this server posts
 * its policy {@code ask} ({@code POST /api/approvals}), the pages list what is pending ({@code GET
 * /api/approvals}) and answer it as this server's user ({@code POST /api/approvals/{id}/answer}),
 * and the run long-polls for the answer ({@code GET /api/approvals/{id}?wait=SECONDS}). An ask
 * nobody answers before its deadline stops being pending; the run counts that as a no.
 */
final class ApprovalDesk {
  /** The most asks waiting at once; more is a client gone wrong. */
  static final int MAX_PENDING = 1_000;

  /** The longest one long-poll holds a request. */
  static final Duration MAX_WAIT = Duration.ofSeconds(25);

  /** The longest deadline an ask may set. */
  static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  /** How long an answer no one fetched is kept after the deadline. */
  private static final Duration KEEP = Duration.ofMinutes(1);

  private static final Set<String> ANSWERS = Set.of("yes", "no", "always");
  private static final int MAX_FIELD = 64 * 1024;

  record Answer(String answer, String answeredBy, String via) {}

  record Ask(
      String id,
      String runId,
      String callId,
      String toolName,
      String arguments,
      String reason,
      Instant asked,
      Instant deadline,
      CompletableFuture<Answer> answer) {
    Map<String, Object> json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("runId", runId);
      body.put("callId", callId);
      body.put("toolName", toolName);
      body.put("arguments", arguments);
      body.put("reason", reason);
      body.put("asked", asked.toString());
      body.put("deadline", deadline.toString());
      return body;
    }
  }

  private final Map<String, Ask> asks = new ConcurrentHashMap<>();
  private final String user;
  private final Clock clock;

  ApprovalDesk(String user, Clock clock) {
    this.user = user;
    this.clock = clock;
  }

  /** {@code POST /api/approvals}: a run asks. */
  void ask(Context ctx) {
    JsonNode body = readBody(ctx);
    String id = text(body, "id", true);
    String runId = text(body, "runId", true);
    String callId = text(body, "callId", true);
    String toolName = text(body, "toolName", true);
    String arguments = text(body, "arguments", false);
    String reason = text(body, "reason", false);
    long seconds = body.path("timeoutSeconds").asLong(-1);
    if (seconds < 1 || seconds > MAX_TIMEOUT.toSeconds()) {
      throw RefusedException.badRequest(
          "timeoutSeconds must be from 1 to " + MAX_TIMEOUT.toSeconds());
    }
    forgetOld();
    if (asks.size() >= MAX_PENDING) {
      throw new RefusedException(429, "too many approvals waiting (" + MAX_PENDING + ")");
    }
    Instant now = clock.instant();
    Ask ask =
        new Ask(
            id,
            runId,
            callId,
            toolName,
            arguments,
            reason,
            now,
            now.plusSeconds(seconds),
            new CompletableFuture<>());
    if (asks.putIfAbsent(id, ask) != null) {
      throw new RefusedException(409, "approval " + id + " was asked already");
    }
    ctx.status(201).json(ask.json());
  }

  /** {@code GET /api/approvals[?run=ID]}: what waits for an answer now, oldest first. */
  void pending(Context ctx) {
    String run = ctx.queryParam("run");
    Instant now = clock.instant();
    List<Map<String, Object>> out = new ArrayList<>();
    asks.values().stream()
        .filter(ask -> !ask.answer().isDone() && ask.deadline().isAfter(now))
        .filter(ask -> run == null || run.equals(ask.runId()))
        .sorted(Comparator.comparing(Ask::asked).thenComparing(Ask::id))
        .forEach(ask -> out.add(ask.json()));
    ctx.json(Map.of("approvals", out));
  }

  /**
   * {@code GET /api/approvals/{id}?wait=SECONDS}: the answer, waiting up to {@code wait} seconds
   * for one. {@code status} is {@code answered}, {@code pending} or {@code timeout}. A fetched
   * answer is forgotten.
   */
  void status(Context ctx) throws InterruptedException {
    Ask ask = asks.get(ctx.pathParam("id"));
    if (ask == null) {
      throw RefusedException.notFound("no approval " + ctx.pathParam("id") + " is waiting");
    }
    long wait = 0;
    String param = ctx.queryParam("wait");
    if (param != null) {
      if (!param.matches("\\d{1,6}")) {
        throw RefusedException.badRequest("wait must be a number of seconds");
      }
      wait = Math.min(Long.parseLong(param), MAX_WAIT.toSeconds());
    }
    // one millisecond past the deadline, so that a poll that waits it out reports the timeout
    long untilDeadline = Duration.between(clock.instant(), ask.deadline()).toMillis() + 1;
    long millis = Math.max(0, Math.min(wait * 1000, untilDeadline));
    Answer answer = null;
    try {
      answer = ask.answer().get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // no answer yet: pending, or timed out when the deadline has passed
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", ask.id());
    if (answer != null) {
      asks.remove(ask.id());
      body.put("status", "answered");
      body.put("answer", answer.answer());
      body.put("answeredBy", answer.answeredBy());
      body.put("via", answer.via());
    } else if (!ask.deadline().isAfter(clock.instant())) {
      asks.remove(ask.id());
      body.put("status", "timeout");
    } else {
      body.put("status", "pending");
    }
    ctx.json(body);
  }

  /** {@code POST /api/approvals/{id}/answer} with {@code {"answer": "yes"|"no"|"always"}}. */
  void answer(Context ctx) {
    String id = ctx.pathParam("id");
    JsonNode body = readBody(ctx);
    String answer = body.path("answer").asText("").toLowerCase(Locale.ROOT);
    if (!ANSWERS.contains(answer)) {
      throw RefusedException.badRequest("answer must be yes, no or always");
    }
    Ask ask = asks.get(id);
    if (ask == null || !ask.deadline().isAfter(clock.instant())) {
      throw RefusedException.notFound("approval " + id + " is not waiting (answered or timed out)");
    }
    Answer given = new Answer(answer, user, "browser");
    if (!ask.answer().complete(given)) {
      throw new RefusedException(409, "approval " + id + " was answered already");
    }
    ctx.json(Map.of("id", id, "answer", answer, "answeredBy", user, "via", "browser"));
  }

  private void forgetOld() {
    Instant cutoff = clock.instant().minus(KEEP);
    asks.values().removeIf(ask -> ask.deadline().isBefore(cutoff));
  }

  private static JsonNode readBody(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > 4 * MAX_FIELD) {
      throw new RefusedException(413, "body is larger than " + 4 * MAX_FIELD + " bytes");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw RefusedException.badRequest("send a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw RefusedException.badRequest("send a JSON object");
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw RefusedException.badRequest(field + " is required");
      }
      return null;
    }
    if (!node.isTextual() || (required && node.asText().isBlank())) {
      throw RefusedException.badRequest(field + " must be a non-empty string");
    }
    if (node.asText().length() > MAX_FIELD) {
      throw RefusedException.badRequest(field + " is longer than " + MAX_FIELD + " characters");
    }
    return node.asText();
  }
}
