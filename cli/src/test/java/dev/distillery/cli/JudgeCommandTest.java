package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillery judge} against a fake OpenAI-compatible judge on port 0, over real HTTP. */
class JudgeCommandTest {
  @TempDir Path dir;
  private MockWebServer model;
  private Serving serving;
  private List<Run> runs;

  /** What the fake judge answers, from the request's body. */
  private volatile Function<JsonNode, MockResponse> answer;

  @BeforeEach
  void start() throws Exception {
    model = new MockWebServer();
    model.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              return answer.apply(Json.MAPPER.readTree(request.getBody().utf8()));
            } catch (java.io.IOException e) {
              throw new IllegalStateException(e);
            }
          }
        });
    model.start();
    Files.writeString(
        dir.resolve("distillery.json"),
        "{\"models\": {\"judge-1\": {\"input_per_million\": 1, \"output_per_million\": 2}}}");
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      runs = store.runs(RunFilter.latest(1000));
    }
    answer = JudgeCommandTest::byCheck;
  }

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
    model.close();
  }

  private Path store() {
    return dir.resolve("distillery.duckdb");
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).env("USER", "bob").run(args);
  }

  private CliHarness.Result judge(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "judge",
                "--model",
                "judge-1",
                "--base-url",
                model.url("/v1").toString(),
                "--api-key",
                "k"));
    args.addAll(List.of(more));
    return cli(args.toArray(String[]::new));
  }

  private static MockResponse reply(String arguments) {
    String body =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
            + "\"c1\",\"type\":\"function\",\"function\":{\"name\":\"record_verdict\",\"arguments\":"
            + Json.MAPPER.valueToTree(arguments)
            + "}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":1000,"
            + "\"completion_tokens\":50}}";
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** correct when the run's check passed, else incorrect, tagged, at its first step. */
  private static MockResponse byCheck(JsonNode request) {
    String run = request.path("messages").path(1).path("content").asText();
    if (run.contains("Check: pass")) {
      return reply(
          "{\"label\":\"correct\",\"tags\":[],\"reason\":\"The check passed.\",\"step\":null}");
    }
    java.util.regex.Matcher step =
        java.util.regex.Pattern.compile("- \\[([^\\]]+)\\]").matcher(run);
    String id = step.find() ? "\"" + step.group(1) + "\"" : "null";
    return reply(
        "{\"label\":\"incorrect\",\"tags\":[\"gave up\"],\"reason\":\"The check did not pass.\","
            + "\"step\":"
            + id
            + "}");
  }

  private List<Judgement> judgements() {
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      return runs.stream().flatMap(run -> store.judgements(run.id()).stream()).toList();
    }
  }

  private List<Annotation> judgeLabels() {
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      return runs.stream()
          .flatMap(run -> store.annotations(run.id()).stream())
          .filter(a -> a.author().equals("judge:judge-1"))
          .toList();
    }
  }

  @Test
  void should_label_every_run_as_the_judge_and_record_request_reply_and_cost() {
    CliHarness.Result result = judge("--concurrency", "3");

    assertEquals(0, result.exitCode(), result.err());
    int n = runs.size();
    List<Judgement> judgements = judgements();
    long correct = judgements.stream().filter(j -> "correct".equals(j.label())).count();
    assertTrue(
        result
            .out()
            .startsWith(
                "judge:judge-1 judged "
                    + n
                    + " runs: "
                    + correct
                    + " correct, "
                    + (n - correct)
                    + " incorrect, 0 failed\n"),
        result.out());
    assertTrue(
        result.out().contains(String.format(java.util.Locale.ROOT, "cost $%.4f", n * 0.0011)),
        result.out());
    assertEquals(n, judgements.size());
    assertEquals(n, judgeLabels().size(), "each verdict is an annotation by judge:judge-1");
    Judgement wrong =
        judgements.stream().filter(j -> "incorrect".equals(j.label())).findFirst().orElseThrow();
    assertEquals(List.of("gave up"), wrong.tags());
    Annotation label =
        judgeLabels().stream()
            .filter(a -> a.id().equals(wrong.annotationId()))
            .findFirst()
            .orElseThrow();
    assertNull(label.eventId(), "the verdict labels the run, not the step");
    assertEquals(
        "The check did not pass. (went wrong at step " + wrong.step() + ")", label.comment());
    assertEquals(0.0011, wrong.costUsd(), 1e-9);
    assertTrue(
        wrong
            .requestJson()
            .contains(
                "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"record_verdict\"}}"),
        wrong.requestJson());
    assertTrue(wrong.responseJson().contains("\"prompt_tokens\":1000"), wrong.responseJson());

    CliHarness.Result show = cli("show", wrong.runId());
    assertTrue(
        show.out()
            .contains(
                "judge:judge-1  rubric "
                    + wrong.rubricHash().substring(0, 8)
                    + "  incorrect [gave up] — The check did not pass."),
        show.out());
  }

  @Test
  void should_record_a_failure_and_no_label_when_the_verdict_is_malformed_and_try_it_again() {
    answer =
        request -> reply("{\"label\":\"maybe\",\"tags\":[],\"reason\":\"Unsure.\",\"step\":null}");

    CliHarness.Result bad = judge(runs.get(0).id());

    assertEquals(0, bad.exitCode(), bad.err());
    assertTrue(
        bad.out().startsWith("judge:judge-1 judged 1 run: 0 correct, 0 incorrect, 1 failed"),
        bad.out());
    assertTrue(
        bad.out()
            .contains(
                "malformed verdict: the verdict's label is \"maybe\", not correct or incorrect"),
        bad.out());
    assertEquals(List.of(), judgeLabels(), "a malformed verdict is never a label");
    Judgement failure = judgements().get(0);
    assertNull(failure.label());
    assertTrue(failure.responseJson().contains("maybe"), "the reply is kept");

    answer = JudgeCommandTest::byCheck;
    CliHarness.Result again = judge(runs.get(0).id());
    assertTrue(
        again.out().startsWith("judge:judge-1 judged 1 run: "),
        "a failure is tried again: " + again.out());
    assertEquals(1, judgeLabels().size());
  }

  @Test
  void should_retry_a_rate_limited_call_then_label_the_run() {
    AtomicInteger calls = new AtomicInteger();
    answer =
        request ->
            calls.getAndIncrement() == 0
                ? new MockResponse.Builder()
                    .code(429)
                    .addHeader("Retry-After", "0")
                    .body("{\"error\":{\"message\":\"slow down\"}}")
                    .build()
                : byCheck(request);

    CliHarness.Result result = judge(runs.get(0).id());

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("retried 1 try (1 rate-limited)"), result.out());
    assertEquals(1, judgeLabels().size());
    assertEquals(1, judgements().get(0).retries());
  }

  @Test
  void should_skip_the_runs_this_judge_graded_under_the_same_rubric_only() throws Exception {
    assertEquals(0, judge().exitCode());
    int requests = model.getRequestCount();

    CliHarness.Result again = judge();
    assertEquals(
        "nothing to judge: " + runs.size() + " runs already graded by this judge and rubric",
        again.out().strip());
    assertEquals(requests, model.getRequestCount(), "no call for a graded run");

    Files.writeString(dir.resolve("strict.md"), "Only a passing check is correct.");
    CliHarness.Result other = judge("--rubric", "strict.md", runs.get(0).id());
    assertTrue(other.out().startsWith("judge:judge-1 judged 1 run"), other.out());
  }

  @Test
  void should_grade_a_task_by_its_own_rubric_before_the_rubric_file_and_the_built_in_one()
      throws Exception {
    Run first = runs.get(0);
    Run other =
        runs.stream()
            .filter(r -> !java.util.Objects.equals(r.spec().taskId(), first.spec().taskId()))
            .findFirst()
            .orElseThrow();
    Files.writeString(dir.resolve("rubric.md"), "FILE RUBRIC: be fair.");
    Files.writeString(
        dir.resolve("suite.jsonl"),
        "{\"id\":\""
            + first.spec().taskId()
            + "\",\"prompt\":\"p\",\"rubric\":\"TASK RUBRIC: the file must exist.\"}\n");

    assertEquals(
        0,
        judge("--rubric", "rubric.md", "--suite-file", "suite.jsonl", first.id(), other.id())
            .exitCode());
    assertEquals(0, judge(runs.get(0).id()).exitCode(), "the built-in rubric is another rubric");

    List<Judgement> judgements = judgements();
    String firstRequest = requestOf(judgements, first.id(), 0);
    String otherRequest = requestOf(judgements, other.id(), 0);
    assertTrue(firstRequest.contains("TASK RUBRIC: the file must exist."), firstRequest);
    assertTrue(!firstRequest.contains("FILE RUBRIC"), firstRequest);
    assertTrue(otherRequest.contains("FILE RUBRIC: be fair."), otherRequest);
    assertTrue(
        requestOf(judgements, first.id(), 1).contains("Grade whether the agent accomplished"));
  }

  private static String requestOf(List<Judgement> judgements, String runId, int index) {
    return judgements.stream()
        .filter(j -> j.runId().equals(runId))
        .toList()
        .get(index)
        .requestJson();
  }

  @Test
  void should_judge_through_serve_while_it_holds_the_store() throws Exception {
    serving =
        Serving.start(
            store(),
            "127.0.0.1",
            0,
            new AnnotateOptions("server-user", "s3cret-token"),
            new PrintWriter(new StringWriter()));

    CliHarness.Result result = judge(runs.get(0).id(), runs.get(1).id());

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(
        result.err().contains("judging through distillery serve at " + serving.url()),
        result.err());
    CliHarness.Result again = judge(runs.get(0).id());
    assertEquals(
        "nothing to judge: 1 run already graded by this judge and rubric", again.out().strip());
    serving.close();
    serving = null;
    assertEquals(2, judgements().size());
    assertEquals(2, judgeLabels().size());
  }

  @Test
  void should_say_in_one_line_what_is_wrong_with_the_command() {
    CliHarness.Result check = judge("--check", "maybe");
    assertEquals(ExitCode.USAGE, check.exitCode());
    assertEquals(
        "distillery: --check must be one of pass, fail, error, no_check, not 'maybe'"
            + " (see 'distillery judge --help')\n",
        check.err());
    CliHarness.Result rubric = judge("--rubric", "missing.md");
    assertEquals(ExitCode.ERROR, rubric.exitCode());
    assertTrue(
        rubric.err().startsWith("distillery: cannot read the rubric missing.md"), rubric.err());
    assertEquals(0, model.getRequestCount());
  }
}
