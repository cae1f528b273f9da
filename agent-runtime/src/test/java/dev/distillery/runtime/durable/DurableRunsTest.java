package dev.distillery.runtime.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume, fork and retry through the real loop, tools and scripted model, over traces in memory.
 */
class DurableRunsTest {
  @TempDir Path dir;

  private static final String SCRIPT =
      """
      [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo one >> log.txt"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "echo two >> log.txt"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "echo three >> log.txt"}}]},
        {"content": "three lines"} ]
      """;

  private final MemoryTraces traces = new MemoryTraces();

  private WorkspaceCheckpointer checkpoints() {
    return new WorkspaceCheckpointer(dir.resolve("snapshots"), SnapshotMode.LINK, Set.of());
  }

  private AgentLoop loop(String script, WorkspaceCheckpointer checkpoints) {
    return new AgentLoop(
            ScriptedModelClient.fromJson(script),
            ToolRegistry.defaults(),
            traces,
            LoopOptions.defaults("scripted"),
            Pricing.bundled())
        .withCheckpoints(checkpoints);
  }

  private RunResult start(Path work, String script) {
    RunSpec spec =
        RunSpec.adHoc("count to three", "scripted", "scripted", "agent", work.toString());
    return loop(script, checkpoints()).run(spec, work, Provisioner.NONE, null);
  }

  private List<TraceEvent> kinds(String runId, EventKind kind) {
    return traces.events(runId).stream().filter(e -> e.kind() == kind).toList();
  }

  @Test
  void should_resume_a_run_killed_after_a_tool_ran_from_its_last_checkpoint_with_its_workspace()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    // dies in step 2 after the tool appended "two" and its result was recorded, before the
    // checkpoint: the workspace is ahead of the last checkpoint
    traces.dieAfterThe(2, EventKind.TOOL_RESULT);
    assertThrows(IllegalStateException.class, () -> start(work, SCRIPT));
    String runId = traces.onlyRunId();
    assertEquals("one\ntwo\n", Files.readString(work.resolve("log.txt")));
    assertEquals(EventKind.TOOL_RESULT, traces.events.get(traces.events.size() - 1).kind());
    traces.recover(runId);
    long recorded = traces.events(runId).size();

    DurableRuns durable = new DurableRuns(traces);
    DurableRuns.Resumable point = durable.resumable(runId);
    WorkspaceCheckpointer checkpoints = checkpoints();
    RunResult result =
        durable.resume(point, loop(SCRIPT, checkpoints), checkpoints, work, Provisioner.NONE, null);

    assertEquals(RunStatus.SUCCEEDED, result.status());
    assertEquals(runId, result.runId());
    assertEquals("three lines", result.finalText());
    assertEquals("one\ntwo\nthree\n", Files.readString(work.resolve("log.txt")));
    List<TraceEvent> events = traces.events(runId);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).seq());
    }
    TraceEvent resumed = events.get((int) recorded);
    assertEquals(EventKind.RUN_RESUMED, resumed.kind());
    assertEquals(
        point.checkpoint().id(), ((EventPayload.RunResumed) resumed.payload()).checkpointId());
    assertEquals(1, ((EventPayload.RunResumed) resumed.payload()).step());
    // the last request sent exactly the uninterrupted conversation, and no message is stored twice
    List<TraceEvent> requests = kinds(runId, EventKind.MODEL_REQUEST);
    assertEquals(5, requests.size(), "two before the kill, step two again, three, the answer");
    EventPayload.ModelRequest last =
        (EventPayload.ModelRequest) requests.get(requests.size() - 1).payload();
    List<Message> sent = traces.requestMessages(runId, last);
    assertEquals(
        List.of(
            Role.SYSTEM,
            Role.USER,
            Role.ASSISTANT,
            Role.TOOL,
            Role.ASSISTANT,
            Role.TOOL,
            Role.ASSISTANT,
            Role.TOOL),
        sent.stream().map(Message::role).toList());
    assertEquals("", sent.get(5).content().strip(), "echo's output for step two");
    traces.messages(runId);
  }

  @Test
  void should_resume_a_resumed_run_that_was_killed_again_from_its_newest_checkpoint()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    traces.dieAfterThe(2, EventKind.TOOL_RESULT);
    assertThrows(IllegalStateException.class, () -> start(work, SCRIPT));
    String runId = traces.onlyRunId();
    traces.recover(runId);
    DurableRuns durable = new DurableRuns(traces);
    WorkspaceCheckpointer checkpoints = checkpoints();
    // the resume redoes step two, checkpoints it, runs step three's tool and dies before its
    // checkpoint: "three" is in the workspace, the newest checkpoint is step two's
    traces.dieAfterThe(2, EventKind.TOOL_RESULT);
    assertThrows(
        IllegalStateException.class,
        () ->
            durable.resume(
                durable.resumable(runId),
                loop(SCRIPT, checkpoints),
                checkpoints,
                work,
                Provisioner.NONE,
                null));
    assertEquals("one\ntwo\nthree\n", Files.readString(work.resolve("log.txt")));
    traces.recover(runId);

    DurableRuns.Resumable second = durable.resumable(runId);
    RunResult result =
        durable.resume(
            second, loop(SCRIPT, checkpoints), checkpoints, work, Provisioner.NONE, null);

    assertEquals(2, ((EventPayload.Checkpoint) second.checkpoint().payload()).step());
    assertEquals(RunStatus.SUCCEEDED, result.status());
    assertEquals("one\ntwo\nthree\n", Files.readString(work.resolve("log.txt")));
    assertEquals(2, kinds(runId, EventKind.RUN_RESUMED).size());
    List<TraceEvent> requests = kinds(runId, EventKind.MODEL_REQUEST);
    List<Message> sent =
        traces.requestMessages(
            runId, (EventPayload.ModelRequest) requests.get(requests.size() - 1).payload());
    assertEquals(8, sent.size(), "system, user, three turns with their results");
    assertEquals(
        List.of("call_0_0", "call_1_0", "call_2_0"),
        sent.stream().filter(m -> m.role() == Role.TOOL).map(Message::toolCallId).toList());
    traces.messages(runId);
  }

  @Test
  void should_pause_a_run_as_interrupted_when_the_model_keeps_failing_and_finish_it_on_resume()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    String outage =
        SCRIPT.replace(
            "{\"content\": \"three lines\"}",
            "{\"error\": {\"type\": \"server_error\", \"message\": \"overloaded\"}}");

    RunResult paused = start(work, outage);

    assertEquals(RunStatus.INTERRUPTED, paused.status());
    assertEquals("model_unavailable", paused.outcome());
    assertTrue(paused.reason().contains("overloaded"), paused.reason());
    DurableRuns durable = new DurableRuns(traces);
    WorkspaceCheckpointer checkpoints = checkpoints();
    RunResult finished =
        durable.resume(
            durable.resumable(paused.runId()),
            loop(SCRIPT, checkpoints),
            checkpoints,
            work,
            Provisioner.NONE,
            null);
    assertEquals(RunStatus.SUCCEEDED, finished.status());
    assertEquals("one\ntwo\nthree\n", Files.readString(work.resolve("log.txt")));
    assertEquals(2, kinds(paused.runId(), EventKind.RUN_FINISHED).size());
  }

  @Test
  void should_refuse_to_resume_a_run_that_finished() {
    RunResult done = start(dir, SCRIPT);

    DistilleryException error =
        assertThrows(
            DistilleryException.class, () -> new DurableRuns(traces).resumable(done.runId()));
    assertTrue(error.getMessage().contains("is succeeded"), error.getMessage());
  }

  @Test
  void should_fork_at_an_event_with_the_parents_history_workspace_and_a_new_instruction()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    RunResult parent = start(work, SCRIPT);
    TraceEvent secondResult = kinds(parent.runId(), EventKind.TOOL_RESULT).get(1);
    String forkScript =
        "[{}, {}, {\"content\": \"stopping at two\"}]"
            .replace(
                "{}",
                "{\"tool_calls\": [{\"name\": \"bash\", \"arguments\": {\"command\": \"true\"}}]}");
    Path forkWork = dir.resolve("fork");
    DurableRuns durable = new DurableRuns(traces);
    WorkspaceCheckpointer checkpoints = checkpoints();

    DurableRuns.ForkPoint point = durable.forkPoint(parent.runId(), "#" + secondResult.seq());
    RunResult fork =
        durable.fork(point, "stop now", loop(forkScript, checkpoints), checkpoints, forkWork, null);

    assertEquals("stopping at two", fork.finalText());
    assertEquals("one\n", Files.readString(forkWork.resolve("log.txt")), "checkpoint at step 1");
    assertEquals("one\ntwo\nthree\n", Files.readString(work.resolve("log.txt")));
    RunSpec spec = ((EventPayload.RunStarted) traces.events(fork.runId()).get(0).payload()).spec();
    assertEquals(parent.runId(), spec.parentRunId());
    assertEquals(secondResult.id(), spec.parentEventId());
    assertEquals("fork", spec.link());
    EventPayload.ModelRequest first =
        (EventPayload.ModelRequest) kinds(fork.runId(), EventKind.MODEL_REQUEST).get(0).payload();
    List<Message> sent = traces.requestMessages(fork.runId(), first);
    assertEquals(
        List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER),
        sent.stream().map(Message::role).toList());
    assertEquals("stop now", sent.get(4).content());
    assertEquals(0, first.firstIndex());
  }

  @Test
  void should_retry_a_run_as_a_new_attempt_linked_to_it_from_its_first_workspace()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("seed.txt"), "seed\n");
    RunResult first = start(work, SCRIPT);
    DurableRuns durable = new DurableRuns(traces);
    WorkspaceCheckpointer checkpoints = checkpoints();
    Path again = dir.resolve("again");

    boolean restored = durable.restoreStart(durable.find(first.runId()), checkpoints, again);
    RunResult retry =
        durable.retry(
            durable.find(first.runId()), loop(SCRIPT, checkpoints), again, Provisioner.NONE, null);

    assertTrue(restored);
    assertEquals("seed\n", Files.readString(again.resolve("seed.txt")));
    assertEquals("one\ntwo\nthree\n", Files.readString(again.resolve("log.txt")));
    RunSpec spec = ((EventPayload.RunStarted) traces.events(retry.runId()).get(0).payload()).spec();
    assertEquals(first.runId(), spec.parentRunId());
    assertNull(spec.parentEventId());
    assertEquals(2, spec.attempt());
  }
}
