package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports of one fixed store, in every format and with the selection options, compared byte for
 * byte with the files the exporter wrote before it read runs through a typed query ({@code
 * src/test/resources/export-golden}): tasks with several attempts and two prompts, ad-hoc prompts,
 * two suites and models, checks that pass, fail, err or are missing, human labels that agree,
 * overrule, dispute or label a step only. Run with {@code -Dgolden.update=true} to rewrite them.
 */
class ExportGoldenTest {
  private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");
  private static final ToolSpec SHELL =
      new ToolSpec("shell", "Run a shell command.", "{\"type\":\"object\",\"properties\":{}}");

  /** Each case: its folder name, then the export's arguments after {@code -o}. */
  private static final Map<String, List<String>> CASES = new TreeMap<>();

  static {
    CASES.put("openai-check", List.of("-f", "openai", "--use-check"));
    CASES.put("openai-all-turns", List.of("-f", "openai", "--use-check", "--train-on", "all"));
    CASES.put(
        "openai-model-since",
        List.of(
            "-f", "openai", "--use-check", "--model", "gpt-a", "--since", "2026-01-01T08:05:00Z"));
    CASES.put("openai-dpo-check", List.of("-f", "openai-dpo", "--use-check"));
    CASES.put("trl-sft-correct", List.of("-f", "trl-sft", "--label", "correct"));
    CASES.put(
        "trl-sft-incorrect-too",
        List.of("-f", "trl-sft", "--use-check", "--include-incorrect", "--include-incomplete"));
    CASES.put(
        "trl-kto-split",
        List.of("-f", "trl-kto", "--use-check", "--split", "train=0.5,test=0.5", "--seed", "3"));
    CASES.put("trl-kto-majority", List.of("-f", "trl-kto", "--conflicts", "majority"));
    CASES.put("trl-dpo", List.of("-f", "trl-dpo"));
    CASES.put("trl-dpo-check", List.of("-f", "trl-dpo", "--use-check", "--label", "any"));
    CASES.put(
        "sharegpt-incorrect",
        List.of("-f", "sharegpt", "--use-check", "--label", "incorrect", "--include-incorrect"));
    CASES.put("atif-suite", List.of("-f", "atif", "--suite", "suite-1"));
    CASES.put("raw-where", List.of("-f", "raw", "--where", "model = 'gpt-b' OR attempt = 1"));
    CASES.put("raw-parquet", List.of("-f", "raw", "--as", "parquet"));
    CASES.put("trl-sft-parquet", List.of("-f", "trl-sft", "--use-check", "--as", "parquet"));
  }

  @TempDir Path dir;

  @Test
  void should_write_the_same_files_as_before_for_every_format_and_selection() throws Exception {
    makeStore(dir.resolve(StoreOption.DEFAULT_FILE));
    CliHarness cli = new CliHarness(dir);
    boolean update = Boolean.getBoolean("golden.update");
    Path source = Path.of("src/test/resources/export-golden");
    for (Map.Entry<String, List<String>> entry : CASES.entrySet()) {
      List<String> args = new ArrayList<>(List.of("export", "-o", entry.getKey()));
      args.addAll(entry.getValue());
      CliHarness.Result result = cli.run(args.toArray(String[]::new));
      assertEquals(0, result.exitCode(), entry.getKey() + ": " + result.err());
      Map<String, byte[]> written = files(dir.resolve(entry.getKey()));
      written.put("stdout.txt", result.out().replace(dir.toString(), "DIR").getBytes());
      if (update) {
        for (Map.Entry<String, byte[]> file : written.entrySet()) {
          Path target = source.resolve(entry.getKey()).resolve(file.getKey());
          Files.createDirectories(target.getParent());
          Files.write(target, file.getValue());
        }
        continue;
      }
      Map<String, byte[]> expected = expected(entry.getKey());
      assertEquals(expected.keySet(), written.keySet(), entry.getKey());
      for (String name : expected.keySet()) {
        if (name.endsWith(".parquet")) {
          // parquet-mr's pages are not the same bytes from one run to the next: compare rows
          assertEquals(
              parquetRows(expected.get(name)),
              parquetRows(written.get(name)),
              entry.getKey() + "/" + name);
        } else {
          assertEquals(
              new String(expected.get(name), StandardCharsets.UTF_8),
              new String(written.get(name), StandardCharsets.UTF_8),
              entry.getKey() + "/" + name);
        }
      }
    }
    assertTrue(!update, "golden files rewritten; run again without -Dgolden.update");
  }

  /** A Parquet file's schema and rows as DuckDB reads them, one line each. */
  private String parquetRows(byte[] parquet) throws Exception {
    Path file = Files.createTempFile(dir, "rows", ".parquet");
    Files.write(file, parquet);
    StringBuilder rows = new StringBuilder();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement();
        ResultSet result = sql.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
      ResultSetMetaData columns = result.getMetaData();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        rows.append(columns.getColumnName(i)).append(' ').append(columns.getColumnTypeName(i));
        rows.append(i == columns.getColumnCount() ? "\n" : ", ");
      }
      while (result.next()) {
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          rows.append(result.getString(i)).append(i == columns.getColumnCount() ? "\n" : " | ");
        }
      }
    }
    return rows.toString();
  }

  /** A text file with the product's version taken out (it changes with each release). */
  private static byte[] unversioned(String name, byte[] bytes) {
    if (name.endsWith(".parquet")) {
      return bytes;
    }
    return new String(bytes, StandardCharsets.UTF_8)
        .replace(Version.number(), "VERSION")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The written files, the version taken out of the text ones. */
  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> contents = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(path);
        String name = root.relativize(path).toString();
        contents.put(name, unversioned(name, bytes));
      }
    }
    return contents;
  }

  private Map<String, byte[]> expected(String name) throws IOException {
    Map<String, byte[]> contents = new TreeMap<>();
    for (String file : index(name)) {
      try (InputStream in = getClass().getResourceAsStream("/export-golden/" + name + "/" + file)) {
        contents.put(file, unversioned(file, in.readAllBytes()));
      }
    }
    return contents;
  }

  /** The files a case's folder holds, listed from the classpath's copy of the resources. */
  private List<String> index(String name) throws IOException {
    Path folder;
    try {
      folder = Path.of(getClass().getResource("/export-golden/" + name).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new AssertionError("no golden files for " + name, e);
    }
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile)
          .map(path -> folder.relativize(path).toString())
          .sorted()
          .toList();
    }
  }

  /** Eighteen runs with fixed ids, times and texts. */
  private static void makeStore(Path file) {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      int n = 0;
      // task-1 and task-2: three attempts each; task-3 asked with two prompts; task-4 in suite-2
      String[][] tasks = {
        {"task-1", "Fix the failing build.", "suite-1", "gpt-a"},
        {"task-1", "Fix the failing build.", "suite-1", "gpt-b"},
        {"task-1", "Fix the failing build.", "suite-1", "gpt-a"},
        {"task-2", "Write a README for the tool.", "suite-1", "gpt-a"},
        {"task-2", "Write a README for the tool.", "suite-1", "gpt-b"},
        {"task-2", "Write a README for the tool.", "suite-1", "gpt-a"},
        {"task-3", "Rename the module.", "suite-2", "gpt-a"},
        {"task-3", "Rename the module to core.", "suite-2", "gpt-b"},
        {"task-3", "Rename the module.", "suite-2", "gpt-b"},
        {"task-4", "Add a --verbose flag.", "suite-2", "gpt-a"},
        {"task-4", "Add a --verbose flag.", "suite-2", "gpt-a"},
        {null, "What is in the folder?", null, "gpt-a"},
        {null, "What is in the folder?", null, "gpt-b"},
        {null, "Count the lines of main.c.", null, "gpt-a"},
        {null, "Count the lines of main.c.", null, "gpt-a"},
        {"task-5", "Delete the temp files.", "suite-1", "gpt-b"},
        {"task-5", "Delete the temp files.", "suite-1", "gpt-a"},
        {"task-6", "Update the changelog.", null, "gpt-a"},
      };
      CheckStatus[] checks = {
        CheckStatus.PASS,
        CheckStatus.FAIL,
        CheckStatus.PASS,
        CheckStatus.FAIL,
        CheckStatus.PASS,
        CheckStatus.ERROR,
        null,
        CheckStatus.PASS,
        CheckStatus.FAIL,
        CheckStatus.PASS,
        CheckStatus.PASS,
        null,
        null,
        CheckStatus.FAIL,
        CheckStatus.PASS,
        CheckStatus.PASS,
        CheckStatus.FAIL,
        CheckStatus.PASS
      };
      int[] attempts = new int[tasks.length];
      List<TraceEvent> all = new ArrayList<>();
      for (String[] task : tasks) {
        int attempt = 1;
        for (int i = 0; i < n; i++) {
          if (task[0] != null && task[0].equals(tasks[i][0])) {
            attempt++;
          }
        }
        attempts[n] = attempt;
        String runId = String.format("run-%02d", 17 - n);
        // starts out of id order, so the task key decides the order, then the start time
        Instant start = T0.plusSeconds(60L * ((n * 7) % tasks.length));
        String outcome = n == 9 ? "truncated" : "answered";
        all.addAll(run(runId, task, attempt, start, checks[n], outcome, n));
        n++;
      }
      store.recordAll(all);
      Instant t = T0.plusSeconds(86_400);
      note(store, "a01", "run-17", null, "ann", "correct", List.of(), t);
      note(store, "a02", "run-16", null, "ann", "incorrect", List.of("slow"), t);
      note(store, "a03", "run-15", null, "bob", "incorrect", List.of(), t); // overrules a pass
      note(store, "a04", "run-14", null, "ann", "correct", List.of(), t); // overrules a fail
      note(store, "a05", "run-13", null, "ann", "correct", List.of(), t); // disputed
      note(store, "a06", "run-13", null, "bob", "incorrect", List.of(), t.plusSeconds(1));
      note(store, "a07", "run-13", null, "cy", "correct", List.of(), t.plusSeconds(2));
      note(store, "a08", "run-11", "run-11-e1", "ann", "correct", List.of(), t); // a step only
      note(store, "a09", "run-10", null, "ann", "correct", List.of("good"), t);
      note(store, "a10", "run-09", null, "ann", "incorrect", List.of(), t);
      note(store, "a11", "run-06", null, "bob", null, List.of("look"), t); // a tag, no label
      note(store, "a12", "run-05", null, "bob", "correct", List.of(), t);
      note(store, "a13", "run-04", null, "bob", "incorrect", List.of(), t);
      note(store, "a14", "run-08", null, "ann", "correct", List.of(), t); // truncated
      note(store, "a15", "run-02", null, "ann", "correct", List.of(), t);
      note(store, "a16", "run-01", null, "ann", "incorrect", List.of(), t);
    }
  }

  private static void note(
      DuckDbTraceStore store,
      String id,
      String runId,
      String eventId,
      String author,
      String label,
      List<String> tags,
      Instant at) {
    store.annotate(new Annotation(id, runId, eventId, author, label, tags, "note " + id, at));
  }

  private static List<TraceEvent> run(
      String runId,
      String[] task,
      int attempt,
      Instant start,
      CheckStatus check,
      String outcome,
      int n) {
    RunSpec spec =
        new RunSpec(
            task[1],
            task[0],
            task[2],
            attempt,
            task[3],
            "openai",
            "tools",
            "/work/" + runId,
            null,
            null,
            "{\"n\":" + n + "}");
    List<EventPayload> payloads = new ArrayList<>();
    payloads.add(new EventPayload.RunStarted(spec));
    Message system = Message.system("You are careful. Key AKIAIOSFODNN7EXAMPLE stays secret.");
    Message user = Message.user(task[1]);
    payloads.add(
        new EventPayload.ModelRequest(
            0, List.of(system, user), List.of(0, 1), List.of(SHELL), "{\"temperature\":0}"));
    ToolCall call = new ToolCall("call-" + n, "shell", "{\"command\":\"ls -" + n + "\"}");
    Message ask = Message.assistant("Looking first (" + runId + ").", List.of(call));
    payloads.add(
        new EventPayload.ModelResponse(2, ask, "tool_calls", new Usage(100, 10 + n), 900, 0.001));
    payloads.add(new EventPayload.ToolCalled(call.id(), "shell", call.argumentsJson()));
    String output = "main.c\nREADME\n" + "x".repeat(n);
    payloads.add(new EventPayload.ToolResult(call.id(), "shell", output, 0, false, false));
    payloads.add(
        new EventPayload.ModelRequest(
            3,
            List.of(Message.tool(call.id(), "shell", output)),
            List.of(0, 1, 2, 3),
            List.of(SHELL),
            "{\"temperature\":0}"));
    String answer = n == 12 ? "" : "Done with " + task[1] + " in attempt " + attempt + ".";
    payloads.add(
        new EventPayload.ModelResponse(
            4,
            Message.assistant(answer, List.of()),
            n == 9 ? "length" : "stop",
            new Usage(200, 20),
            1100,
            null));
    CheckResult result =
        check == null ? null : new CheckResult(check, "make test", check.ordinal(), "out " + n, 40);
    if (result != null) {
      payloads.add(new EventPayload.CheckFinished(result));
    }
    payloads.add(
        new EventPayload.RunFinished(
            RunStatus.SUCCEEDED, outcome, "finished", 2, new Usage(300, 30 + n), 0.002, result));
    List<TraceEvent> events = new ArrayList<>();
    for (EventPayload payload : payloads) {
      int seq = events.size();
      events.add(
          new TraceEvent(
              runId + "-e" + seq,
              runId,
              null,
              seq,
              start.plusMillis(250L * seq),
              seq == 0 ? null : 5L,
              payload));
    }
    return events;
  }
}
