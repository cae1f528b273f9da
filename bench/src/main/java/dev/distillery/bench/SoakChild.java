package dev.distillery.bench;

import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.SnapshotMode;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.Checkpointer;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.suite.CommandCheck;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The process the soak test kills: one scripted run ({@code run STORE WORKDIR}) or the resume of
 * one ({@code resume STORE RUN}), printing {@code c RUN SEQ EVENT} on stdout once each event is
 * durable, so the killer knows what must survive.
 */
final class SoakChild {
  /**
   * Six steps: tools that append to a file and rewrite one in place, then sleep (so a kill often
   * lands after a change and before its checkpoint); then an answer.
   */
  static final String SCRIPT =
      """
      [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo one >> log.txt; sleep 0.05"}}]},
        {"tool_calls": [{"name": "write_file", "arguments": {"path": "notes.txt", "content": "alpha\\n"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "echo two >> log.txt; cat notes.txt >> log.txt; sleep 0.05"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "printf 'gamma\\\\n' > notes.txt; sleep 0.03"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "echo three >> log.txt; cat seed.txt >> log.txt; sleep 0.03; wc -l < log.txt"}}]},
        {"content": "log.txt has 5 lines; notes.txt says gamma."} ]
      """;

  static final String CHECK =
      "test \"$(cat log.txt)\" = \"$(printf 'one\\ntwo\\nalpha\\nthree\\nseed')\""
          + " && test \"$(cat notes.txt)\" = gamma";

  /**
   * Seeds the workspace, as a suite task's seed files do; a resume without a checkpoint (killed
   * while provisioning) seeds again, as a suite resume does.
   */
  private static final Provisioner SEED =
      dir -> Files.writeString(dir.resolve("seed.txt"), "seed\n");

  private SoakChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path store = Path.of(args[1]);
    try (DuckDbTraceStore traces = DuckDbTraceStore.open(store)) {
      TraceSink echo =
          event -> {
            traces.record(event);
            out.println("c " + event.runId() + " " + event.seq() + " " + event.id());
          };
      RunResult result =
          "run".equals(args[0])
              ? run(echo, store, Path.of(args[2]))
              : resume(traces, echo, store, args[2]);
      out.println("done " + result.status().wire());
    }
  }

  static RunResult run(TraceSink sink, Path store, Path workdir) {
    return run(sink, checkpoints(store), workdir);
  }

  /** The soak's task, start to finish, with the given checkpoints. */
  static RunResult run(TraceSink sink, Checkpointer checkpoints, Path workdir) {
    RunSpec spec = RunSpec.adHoc("soak task", "scripted", "scripted", "agent", workdir.toString());
    return loop(sink, checkpoints).run(spec, workdir, SEED, new CommandCheck(CHECK));
  }

  private static RunResult resume(
      DuckDbTraceStore traces, TraceSink sink, Path store, String runId) {
    DurableRuns durable = new DurableRuns(traces);
    DurableRuns.Resumable point = durable.resumable(runId);
    WorkspaceCheckpointer checkpoints = checkpoints(store);
    return durable.resume(
        point,
        loop(sink, checkpoints),
        checkpoints,
        Path.of(point.run().spec().workingDirectory()),
        SEED,
        new CommandCheck(CHECK));
  }

  static WorkspaceCheckpointer checkpoints(Path store) {
    return new WorkspaceCheckpointer(
        store.resolveSibling(store.getFileName() + ".snapshots"), SnapshotMode.LINK, Set.of());
  }

  private static AgentLoop loop(TraceSink sink, Checkpointer checkpoints) {
    return new AgentLoop(
            ScriptedModelClient.fromJson(SCRIPT),
            ToolRegistry.defaults(),
            sink,
            LoopOptions.defaults("scripted"),
            Pricing.bundled())
        .withCheckpoints(checkpoints);
  }
}
