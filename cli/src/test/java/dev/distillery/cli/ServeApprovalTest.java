package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run recording through {@code serve} asks the browser: the ask is pending on the server, the
 * answer (as serve's user) lets the run go on or refuses the call, and no answer in time is a no.
 */
class ServeApprovalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  Serving serving;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(
        dir.resolve("script.json"),
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo approved-call"}}]},
          {"content": "done"} ]
        """);
  }

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  private void config(int timeoutSeconds) throws Exception {
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"policy": {"approval_timeout_seconds": %d, "rules": [
          {"tool": "bash", "argument": "command", "match": "approved-call", "action": "ask",
           "reason": "tests ask"} ]}}
        """
            .formatted(timeoutSeconds));
    serving =
        Serving.start(
            dir.resolve("distillery.duckdb"),
            "127.0.0.1",
            0,
            new AnnotateOptions("ada", null),
            new PrintWriter(new StringWriter()));
  }

  private CompletableFuture<CliHarness.Result> runInBackground() {
    return CompletableFuture.supplyAsync(
        () -> new CliHarness(dir).run("run", "-p", "echo", "--script", "script.json"));
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(serving.url().resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> answer(String id, String answer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(serving.url() + "api/approvals/" + id + "/answer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"answer\":\"" + answer + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for the run's ask to show as pending on the server. */
  private JsonNode awaitPending(CompletableFuture<CliHarness.Result> run) throws Exception {
    while (true) {
      JsonNode list = get("api/approvals").path("approvals");
      if (list.size() > 0) {
        return list.get(0);
      }
      assertFalse(run.isDone(), () -> "the run ended without asking: " + run.join().err());
      // the run is on another thread; the server has nothing to block on for "an ask arrived"
      Thread.sleep(50);
    }
  }

  private EventPayload.ApprovalAnswered approvalEvent() {
    Run run = serving.store().runs(RunFilter.latest(1)).get(0);
    List<TraceEvent> events = serving.store().events(run.id());
    return events.stream()
        .filter(e -> e.kind() == EventKind.APPROVAL)
        .map(e -> (EventPayload.ApprovalAnswered) e.payload())
        .findFirst()
        .orElseThrow();
  }

  private String toolOutput() {
    Run run = serving.store().runs(RunFilter.latest(1)).get(0);
    return serving.store().events(run.id()).stream()
        .filter(e -> e.kind() == EventKind.TOOL_RESULT)
        .map(e -> e.payload().toString())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void should_wait_for_the_browser_and_run_the_call_it_approves() throws Exception {
    config(60);
    CompletableFuture<CliHarness.Result> run = runInBackground();

    JsonNode pending = awaitPending(run);
    assertEquals("bash", pending.path("toolName").asText());
    assertTrue(pending.path("arguments").asText().contains("approved-call"));
    assertEquals("tests ask", pending.path("reason").asText());
    assertFalse(run.isDone(), "the run waits for the answer");
    HttpResponse<String> answered = answer(pending.path("id").asText(), "yes");
    CliHarness.Result result = run.get(60, TimeUnit.SECONDS);

    assertEquals(200, answered.statusCode(), answered.body());
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.err().contains("answer in the browser"), result.err());
    EventPayload.ApprovalAnswered approval = approvalEvent();
    assertTrue(approval.granted());
    assertEquals("yes", approval.answer());
    assertEquals("ada", approval.answeredBy());
    assertEquals("browser", approval.via());
    assertTrue(toolOutput().contains("approved-call"), toolOutput());
    assertEquals(0, get("api/approvals").path("approvals").size());
  }

  @Test
  void should_refuse_the_call_the_browser_denies() throws Exception {
    config(60);
    CompletableFuture<CliHarness.Result> run = runInBackground();

    JsonNode pending = awaitPending(run);
    answer(pending.path("id").asText(), "no");
    CliHarness.Result result = run.get(60, TimeUnit.SECONDS);

    assertEquals(0, result.exitCode(), result.err());
    EventPayload.ApprovalAnswered approval = approvalEvent();
    assertFalse(approval.granted());
    assertEquals("no", approval.answer());
    assertEquals("ada", approval.answeredBy());
    assertTrue(toolOutput().contains("refused by ada"), toolOutput());
    assertEquals(404, answer(pending.path("id").asText(), "yes").statusCode(), "answered once");
  }

  @Test
  void should_deny_when_nobody_answers_in_time() throws Exception {
    config(1);

    CliHarness.Result result =
        new CliHarness(dir).run("run", "-p", "echo", "--script", "script.json");

    assertEquals(0, result.exitCode(), result.err());
    EventPayload.ApprovalAnswered approval = approvalEvent();
    assertFalse(approval.granted());
    assertEquals("timeout", approval.answer());
    assertTrue(toolOutput().contains("no approval came in time"), toolOutput());
    assertEquals(0, get("api/approvals").path("approvals").size());
  }

  @Test
  void should_let_yes_approve_without_asking_the_browser() throws Exception {
    config(60);

    CliHarness.Result result =
        new CliHarness(dir).run("run", "-p", "echo", "--script", "script.json", "--yes");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("--yes", approvalEvent().answeredBy());
    assertFalse(result.err().contains("answer in the browser"), result.err());
  }
}
