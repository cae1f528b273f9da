package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The five-task suite and its scripted model that the shard and lake tests run as suite run sr-1,
 * and what a killed process leaves in a store.
 */
final class ScriptedSuite {
  private ScriptedSuite() {}

  /**
   * A command line in {@code dir} holding suite.jsonl (a and b pass their checks, c and d fail
   * theirs, e has none) and script.json.
   */
  static CliHarness in(Path dir) throws IOException {
    Files.writeString(
        dir.resolve("suite.jsonl"),
        """
        {"id": "a", "prompt": "make ok.txt", "check": "test -f ok.txt"}
        {"id": "b", "prompt": "make ok.txt", "check": "test -f ok.txt"}
        {"id": "c", "prompt": "make nothing", "check": "test -f missing.txt"}
        {"id": "d", "prompt": "make nothing", "check": "test -f missing.txt"}
        {"id": "e", "prompt": "just answer"}
        """);
    String writes =
        """
        {"replies": [
          {"tool_calls": [{"name": "write_file", "arguments": {"path": "ok.txt", "content": "ok"}}]},
          {"content": "made it"}]}
        """;
    Files.writeString(
        dir.resolve("script.json"),
        "{\"tasks\": {\"a\": "
            + writes
            + ", \"b\": "
            + writes
            + "}, \"replies\": [{\"content\": \"done\"}]}");
    return new CliHarness(dir);
  }

  /** {@code run} of suite run sr-1 into {@code store}, with {@code more} options. */
  static CliHarness.Result run(CliHarness cli, String store, String... more) {
    String[] args = {
      "run",
      "--store",
      store,
      "--suite",
      "suite.jsonl",
      "--suite-run",
      "sr-1",
      "--script",
      "script.json"
    };
    return cli.run(Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new));
  }

  /** Shard {@code shard} (K/N) of suite run sr-1, two attempts a task, its summary in JSON. */
  static CliHarness.Result shard(CliHarness cli, String store, String shard, String... more) {
    String[] args = {"--attempts", "2", "--shard", shard, "--json"};
    return run(cli, store, Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new));
  }

  /** What a killed process leaves behind: a run that started and never finished. */
  static void leaveAnAttemptRunning(
      Path file, String suiteRun, String task, int attempt, String options) {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      RunSpec spec =
          new RunSpec(
              "make nothing",
              task,
              suiteRun,
              attempt,
              "scripted",
              "scripted",
              "agent",
              file.getParent().toString(),
              null,
              null,
              options);
      store.record(
          new TraceEvent(
              Ids.newId(),
              Ids.newId(),
              null,
              0,
              Instant.now(),
              null,
              new EventPayload.RunStarted(spec)));
    }
  }
}
