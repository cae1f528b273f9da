package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} holds the store; the other commands find it and record through it. */
class ServeIngestTest {
  @TempDir Path dir;
  Serving serving;

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  private Path store() {
    return dir.resolve("distillery.duckdb");
  }

  private Serving serve() throws InterruptedException {
    serving =
        Serving.start(
            store(),
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", null),
            new PrintWriter(new StringWriter()));
    return serving;
  }

  @Test
  void should_record_a_run_through_the_server_that_holds_the_store() throws Exception {
    serve();
    Files.writeString(
        dir.resolve("script.json"),
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo hi"}}]},
          {"content": "said hi"} ]
        """);

    CliHarness.Result run =
        new CliHarness(dir).run("run", "-p", "say hi", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.err().contains("recording through distillery serve at " + serving.url()), run.err());
    List<Run> runs = serving.store().runs(RunFilter.latest(10));
    assertEquals(1, runs.size());
    assertEquals(RunStatus.SUCCEEDED, runs.get(0).status());
    assertEquals("say hi", runs.get(0).spec().taskPrompt());
    assertTrue(serving.store().events(runs.get(0).id()).size() > 4);
  }

  @Test
  void should_run_a_suite_through_the_server_and_summarise_it() throws Exception {
    serve();

    CliHarness.Result demo =
        new CliHarness(dir).run("demo", "--attempts", "1", "--concurrency", "2");

    assertEquals(0, demo.exitCode(), demo.err());
    long recorded = serving.store().countRuns(RunFilter.latest(1));
    assertTrue(recorded >= 3, "every attempt recorded through the server: " + recorded);
    assertTrue(demo.out().contains("suite run"), demo.out());
    assertEquals(
        0,
        serving.store().countRuns(RunFilter.builder().status(RunStatus.RUNNING).limit(1).build()));
  }

  @Test
  void should_start_serving_once_another_writer_lets_go_of_the_store() throws Exception {
    DuckDbTraceStore holder = DuckDbTraceStore.open(store());
    StringWriter notes = new StringWriter();
    CompletableFuture<Serving> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Serving.start(
                    store(),
                    "127.0.0.1",
                    0,
                    new AnnotateOptions("t", null),
                    new PrintWriter(notes));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    while (!notes.toString().contains("serving it as soon as")) {
      assertFalse(started.isDone(), "serve must wait while the store is held");
      Thread.onSpinWait();
    }
    holder.close();
    serving = started.get(30, TimeUnit.SECONDS);

    assertEquals(1, notes.toString().lines().count(), notes.toString());
    assertTrue(Files.exists(ServeFile.pathFor(store())));
    assertEquals(serving.url(), ServeFile.find(store()).orElseThrow().url());
    serving.close();
    assertFalse(Files.exists(ServeFile.pathFor(store())), "the serve file goes with the server");
  }

  @Test
  void should_tell_a_command_that_writes_on_that_it_needs_the_store_itself() throws Exception {
    new CliHarness(dir).run("demo", "--attempts", "1");
    serve();

    CliHarness.Result resume = new CliHarness(dir).run("resume", "0123456789");
    assertEquals(ExitCode.ERROR, resume.exitCode());
    assertTrue(resume.err().contains("resume reads the run back"), resume.err());
    assertEquals(1, resume.err().strip().lines().count(), "one line, no stack: " + resume.err());
  }

  @Test
  void should_answer_sql_through_the_server_that_holds_the_store() throws Exception {
    new CliHarness(dir).run("demo", "--attempts", "1");
    long demoRuns;
    try (DuckDbTraceStore store = DuckDbTraceStore.open(store())) {
      demoRuns = store.countRuns(RunFilter.latest(1));
    }
    serve();

    CliHarness.Result sql =
        new CliHarness(dir).run("sql", "--format", "csv", "select count(*) as n from runs");
    CliHarness.Result refused = new CliHarness(dir).run("sql", "delete from runs");

    assertEquals(0, sql.exitCode(), sql.err());
    assertEquals("n\n" + demoRuns + "\n", sql.out());
    assertEquals(ExitCode.ERROR, refused.exitCode());
    assertEquals(demoRuns, serving.store().countRuns(RunFilter.latest(1)));
  }

  @Test
  void should_keep_what_was_sent_when_the_server_goes_away_mid_run() throws Exception {
    serve();
    StringWriter err = new StringWriter();
    String runId = Ids.newId();
    try (TraceTarget target = TraceTarget.open(store(), new PrintWriter(err))) {
      assertTrue(target.remote());
      RunSpec spec = RunSpec.adHoc("interrupted by a stop", "m", "scripted", "agent", "/tmp");
      target.sink().record(event(runId, 0, new EventPayload.RunStarted(spec)));
      target.sink().record(event(runId, 1, new EventPayload.StateChanged(null, "model_call")));
      serving.close();

      DistilleryException gone =
          assertThrows(
              DistilleryException.class,
              () ->
                  target.sink().record(event(runId, 2, new EventPayload.StateChanged(null, "x"))));
      assertTrue(gone.getMessage().contains("stopped answering while recording run " + runId));
    }
    try (DuckDbTraceStore reopened = DuckDbTraceStore.open(store())) {
      List<TraceEvent> events = reopened.events(runId);
      assertEquals(3, events.size(), "both steps sent, and the finish the next open adds");
      assertEquals(RunStatus.INTERRUPTED, reopened.run(runId).orElseThrow().status());
    }
  }

  private static TraceEvent event(String runId, long seq, EventPayload payload) {
    return new TraceEvent(Ids.newId(), runId, null, seq, Instant.now(), null, payload);
  }
}
