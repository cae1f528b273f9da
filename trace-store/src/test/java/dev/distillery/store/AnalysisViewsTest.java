package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Message;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented views of schema v3, over a store whose content is known. */
class AnalysisViewsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path dir;
  private Path file;

  /** Writes one run: each tool call is (tool, arguments, output, isError). */
  private final class RunBuilder {
    final String id;
    final List<TraceEvent> events = new ArrayList<>();
    final List<Message> log = new ArrayList<>();
    final String model;

    RunBuilder(String id, String task, int attempt, String model) {
      this.id = id;
      this.model = model;
      add(
          null,
          new EventPayload.RunStarted(
              new RunSpec(
                  "prompt of " + task,
                  task,
                  task == null ? null : "suite-1",
                  attempt,
                  model,
                  "scripted",
                  "agent",
                  "/w",
                  null,
                  null,
                  "{}")));
      log.add(Message.system("sys"));
      log.add(Message.user("prompt of " + task));
    }

    TraceEvent add(String parent, EventPayload payload) {
      TraceEvent event =
          new TraceEvent(
              Ids.newId(), id, parent, events.size(), T0.plusSeconds(events.size()), 5L, payload);
      events.add(event);
      return event;
    }

    RunBuilder turn(String tool, String arguments, String output, boolean isError) {
      int stored =
          (int)
              events.stream()
                  .filter(e -> e.payload() instanceof EventPayload.ModelResponse)
                  .count();
      List<Message> appended =
          new ArrayList<>(log.subList(stored == 0 ? 0 : log.size() - 1, log.size()));
      int first = stored == 0 ? 0 : log.size() - 1;
      TraceEvent request =
          add(
              null,
              new EventPayload.ModelRequest(
                  first,
                  appended,
                  java.util.stream.IntStream.range(0, log.size()).boxed().toList(),
                  List.of(),
                  "{}"));
      String callId = "call_" + events.size();
      Message assistant = Message.assistant(null, List.of(new ToolCall(callId, tool, arguments)));
      TraceEvent response =
          add(
              request.id(),
              new EventPayload.ModelResponse(
                  log.size(), assistant, "tool_calls", new Usage(100, 10), 250, 0.001));
      log.add(assistant);
      TraceEvent call = add(response.id(), new EventPayload.ToolCalled(callId, tool, arguments));
      add(
          call.id(),
          new EventPayload.ToolResult(callId, tool, output, isError ? 1 : 0, false, isError));
      log.add(Message.tool(callId, tool, output));
      return this;
    }

    void finish(CheckStatus check, DuckDbTraceStore store) {
      CheckResult result =
          check == null
              ? null
              : new CheckResult(check, "make test", check == CheckStatus.PASS ? 0 : 2, "", 10);
      if (result != null) {
        add(null, new EventPayload.CheckFinished(result));
      }
      add(
          null,
          new EventPayload.RunFinished(
              RunStatus.SUCCEEDED, "answered", "done", 1, Usage.ZERO, null, result));
      events.forEach(store::record);
    }
  }

  @BeforeEach
  void fill() {
    file = dir.resolve("views.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      new RunBuilder("run-a", "t1", 1, "m1")
          .turn(
              "bash",
              "{\"command\":\"cat /home/ada/project/a.txt\"}",
              "cat: /home/ada/project/a.txt: No such file or directory",
              true)
          .turn("bash", "{\"command\":\"ls\"}", "a.txt", false)
          .finish(CheckStatus.FAIL, store);
      new RunBuilder("run-b", "t1", 2, "m1")
          .turn(
              "bash",
              "{\"command\":\"cat /tmp/x/b.txt\"}",
              "cat: /tmp/x/b.txt: No such file or directory",
              true)
          .finish(CheckStatus.PASS, store);
      new RunBuilder("run-c", "t2", 1, "m2")
          .turn("read_file", "{\"path\":\"x\"}", "error: no file 'x'", true)
          .turn("read_file", "{\"path\":\"x\"}", "error: no file 'x'", true)
          .turn("read_file", "{\"path\":\"x\"}", "error: no file 'x'", true)
          .finish(CheckStatus.FAIL, store);
      new RunBuilder("run-d", "t2", 2, "m2")
          .turn(
              "bash",
              "{\"command\":\"python3 app.py\"}",
              "Traceback: ValueError at line 41, id 3f2a9c1d7e8b",
              true)
          .finish(CheckStatus.PASS, store);
      new RunBuilder("run-e", "t2", 3, "m2")
          .turn(
              "bash",
              "{\"command\":\"python3 app.py\"}",
              "Traceback: ValueError at line 97, id 9abcdef01234",
              true)
          .finish(null, store);
      store.annotate(new Annotation("n1", "run-a", null, "ann", "correct", List.of(), null, T0));
      store.annotate(
          new Annotation(
              "n2",
              "run-a",
              null,
              "ann",
              "incorrect",
              List.of("wrong tool"),
              null,
              T0.plusSeconds(60)));
      store.annotate(new Annotation("n3", "run-a", null, "bob", "correct", List.of(), null, T0));
      store.annotate(new Annotation("n4", "run-b", null, "bob", "correct", List.of(), null, T0));
      store.annotate(new Annotation("n5", "run-c", null, "bob", "correct", List.of(), null, T0));
    }
  }

  private String csv(String sql) {
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      QueryTable result = store.query(sql, 1000);
      StringBuilder out = new StringBuilder();
      for (List<Object> row : result.rows()) {
        out.append(String.join(",", row.stream().map(String::valueOf).toList())).append('\n');
      }
      return out.toString();
    }
  }

  @Test
  void should_group_variants_of_one_error_and_keep_different_errors_apart() {
    assertEquals(
        "Traceback: ValueError at line <n>, id <id>,tool,2,2,run-d\n"
            + "cat: <path>: No such file or directory,tool,2,2,run-a\n"
            + "error: no file 'x',tool,3,1,run-c\n"
            + "check `make test` exited <n>,check,2,2,run-a\n",
        csv(
            "select signature, source, occurrences, runs, example_run from failure_signatures"
                + " order by source desc, signature"));
  }

  @Test
  void should_give_one_row_per_tool_call_with_its_result() {
    assertEquals(
        "run-a,1,bash,true,1\nrun-a,2,bash,false,0\n",
        csv(
            "select run_id, turn, tool, is_error, exit_code from tool_calls where run_id = 'run-a' order by seq"));
    assertEquals(
        "bash,m1,3,2,0.6667\nbash,m2,2,2,1.0\nread_file,m2,3,3,1.0\n",
        csv("select tool, model, calls, errors, error_rate from tool_stats order by tool, model"));
  }

  @Test
  void should_give_one_row_per_model_call_with_usage_and_latency() {
    assertEquals(
        "1,m1,100,10,250,tool_calls,2\n2,m1,100,10,250,tool_calls,4\n",
        csv(
            "select turn, model, prompt_tokens, completion_tokens, latency_ms, finish_reason, messages"
                + " from model_calls where run_id = 'run-a' order by seq"));
  }

  @Test
  void should_find_runs_that_repeat_a_call() {
    assertEquals(
        "run-c,read_file,{\"path\":\"x\"},3\n",
        csv("select run_id, tool, arguments, repeats from loops"));
  }

  @Test
  void should_keep_each_authors_latest_label_and_list_disagreements() {
    assertEquals(
        "run-a,ann,incorrect\nrun-a,bob,correct\nrun-b,bob,correct\nrun-c,bob,correct\n",
        csv("select run_id, author, label from labels order by 1, 2"));
    assertEquals(
        "run-a,2,[ann=incorrect, bob=correct]\n", csv("select * from label_disagreements"));
  }

  @Test
  void should_leave_an_author_without_a_label_once_the_author_withdraws_it() {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      store.annotateAll(
          List.of(
              withdrawal("w1", "run-a", "bob", 120),
              withdrawal("w2", "run-c", "bob", 120),
              withdrawal("w3", "run-b", "bob", 120),
              new Annotation(
                  "w4", "run-b", null, "bob", "incorrect", List.of(), null, T0.plusSeconds(180))));
      assertEquals(List.of("run-a", "run-b"), ids(store, RunFilter.Label.LABELLED));
      assertEquals(List.of("run-c", "run-d", "run-e"), ids(store, RunFilter.Label.UNLABELLED));
      assertEquals(List.of(), ids(store, RunFilter.Label.DISPUTED));
      assertEquals(List.of("run-a", "run-b"), ids(store, RunFilter.Label.INCORRECT));
    }
    assertEquals(
        "run-a,ann,incorrect\nrun-b,bob,incorrect\n",
        csv("select run_id, author, label from labels order by 1, 2"));
    assertEquals("", csv("select * from label_disagreements"));
  }

  @Test
  void should_keep_a_judges_verdict_out_of_peoples_labels_when_a_model_graded_runs() {
    String before =
        csv(
            "select task_id, attempts, graded, passes, pass_at_1, pass_at_k, human_labelled,"
                + " human_check_agreement from task_stats order by 1");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      String judge = LabelSource.judgeAuthor("m-judge");
      store.annotateAll(
          List.of(
              new Annotation("j1", "run-b", null, judge, "incorrect", List.of(), null, T0),
              new Annotation("j2", "run-d", null, judge, "correct", List.of(), null, T0)));
      // run-d has only the judge's label: still unlabelled for people; run-b is not disputed
      assertEquals(List.of("run-a", "run-b", "run-c"), ids(store, RunFilter.Label.LABELLED));
      assertEquals(List.of("run-d", "run-e"), ids(store, RunFilter.Label.UNLABELLED));
      assertEquals(List.of("run-a"), ids(store, RunFilter.Label.DISPUTED));
      assertEquals(List.of("run-b", "run-c"), ids(store, RunFilter.Label.CORRECT));
      // and a judge's runs are there to be found, whatever people said
      assertEquals(List.of("run-b", "run-d"), ids(store, RunFilter.Label.JUDGED));
    }
    assertEquals(
        "run-b,judge:m-judge,judge\nrun-d,judge:m-judge,judge\n",
        csv("select run_id, author, source from labels where source <> 'human' order by 1"));
    assertEquals(
        "run-a,2,[ann=incorrect, bob=correct]\n", csv("select * from label_disagreements"));
    assertEquals(
        before,
        csv(
            "select task_id, attempts, graded, passes, pass_at_1, pass_at_k, human_labelled,"
                + " human_check_agreement from task_stats order by 1"));
  }

  private static Annotation withdrawal(String id, String run, String author, int second) {
    return new Annotation(
        id, run, null, author, Annotation.WITHDRAWN, List.of(), null, T0.plusSeconds(second));
  }

  private static List<String> ids(DuckDbTraceStore store, RunFilter.Label label) {
    return store.runs(RunFilter.builder().label(label).limit(100).build()).stream()
        .map(Run::id)
        .sorted()
        .toList();
  }

  @Test
  void should_report_pass_rates_and_agreement_with_the_check_per_task() {
    assertEquals(
        "t1,2,2,1,0.5,1.0,1,1.0\nt2,3,2,1,0.5,1.0,1,0.0\n",
        csv(
            "select task_id, attempts, graded, passes, pass_at_1, pass_at_k, human_labelled,"
                + " human_check_agreement from task_stats order by 1"));
  }
}
