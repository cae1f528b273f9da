package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.export.split.Splitter;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitAndPairTest {
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path out;

  /** 120 tasks of 3 attempts each, labels drawn from a fixed seed; plus 10 ad-hoc prompts twice. */
  private static Store manyTasks() {
    Store store = new Store();
    Random random = new Random(42);
    for (int task = 0; task < 120; task++) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        String label = random.nextBoolean() ? "correct" : "incorrect";
        store.add("task-" + task, attempt, "Solve task " + task, "answer " + attempt, label);
      }
    }
    for (int prompt = 0; prompt < 10; prompt++) {
      store.add(null, 1, "Ad hoc " + prompt, "first", "correct");
      store.add(null, 1, "Ad hoc " + prompt, "second", "incorrect");
    }
    return store;
  }

  @Test
  void should_never_put_one_task_in_two_splits() throws Exception {
    Store store = manyTasks();
    for (long seed = 0; seed < 5; seed++) {
      Path dir = out.resolve("seed-" + seed);
      ExportSummary summary =
          new Exporter("test")
              .export(
                  store.repository,
                  store.runs,
                  Exports.options(ExportFormat.RAW, dir)
                      .splits(ExportOptions.parseSplits("train=0.8,test=0.2"))
                      .seed(seed)
                      .build());

      Set<String> train = keys(dir.resolve("train.jsonl"));
      Set<String> test = keys(dir.resolve("test.jsonl"));
      assertTrue(Collections.disjoint(train, test), "seed " + seed + ": " + train + " / " + test);
      assertEquals(130, train.size() + test.size());
      assertTrue(test.size() > 10 && test.size() < 45, "about a fifth: " + test.size());
      assertEquals(380L, summary.totalRows());
    }
  }

  @Test
  void should_move_tasks_between_splits_only_when_the_seed_changes() {
    Splitter a = new Splitter(ExportOptions.parseSplits("train=0.5,test=0.5"), 1);
    Splitter b = new Splitter(ExportOptions.parseSplits("train=0.5,test=0.5"), 2);
    int moved = 0;
    for (int task = 0; task < 1000; task++) {
      assertEquals(a.splitOf("task:" + task), a.splitOf("task:" + task));
      moved += a.splitOf("task:" + task).equals(b.splitOf("task:" + task)) ? 0 : 1;
    }
    assertTrue(moved > 400 && moved < 600, "another seed reshuffles: " + moved);
    Splitter none = new Splitter(ExportOptions.parseSplits("train=1.0,test=0"), 3);
    for (int task = 0; task < 1000; task++) {
      assertEquals("train", none.splitOf("task:" + task));
    }
  }

  @Test
  void should_pair_only_within_a_task_whatever_the_order_of_the_runs() throws Exception {
    Store store = manyTasks();
    List<Run> shuffled = new ArrayList<>(store.runs);
    Collections.shuffle(shuffled, new Random(7));

    ExportSummary inOrder =
        new Exporter("test")
            .export(
                store.repository, store.runs, Exports.options(ExportFormat.TRL_DPO, out).build());
    byte[] first = Files.readAllBytes(out.resolve("train.jsonl"));
    Path other = out.resolve("shuffled");
    new Exporter("test")
        .export(store.repository, shuffled, Exports.options(ExportFormat.TRL_DPO, other).build());

    assertEquals(Map.of(), inOrder.skipped(), "no pair is refused for differing prompts");
    assertTrue(inOrder.pairs() > 50, "pairs: " + inOrder.pairs());
    assertEquals(store.expectedPairs(), inOrder.pairs());
    for (JsonNode row : Exports.rows(out.resolve("train.jsonl"))) {
      String prompt = row.path("prompt").get(0).path("content").asText();
      String chosen = row.path("chosen").get(0).path("content").asText();
      String rejected = row.path("rejected").get(0).path("content").asText();
      assertEquals(prompt, store.promptOf(chosen, prompt));
      assertEquals("correct", store.labelOf(prompt, chosen));
      assertEquals("incorrect", store.labelOf(prompt, rejected));
    }
    assertEquals(
        new String(first), Files.readString(other.resolve("train.jsonl")), "order does not matter");
  }

  @Test
  void should_pair_grouped_runs_a_group_at_a_time_into_the_same_bytes() throws Exception {
    Store store = manyTasks();
    Collections.shuffle(store.runs, new Random(3));
    for (ExportFormat format : List.of(ExportFormat.TRL_DPO, ExportFormat.OPENAI_DPO)) {
      Path any = out.resolve(format.cliName() + "-any");
      Path byGroup = out.resolve(format.cliName() + "-grouped");
      ExportSummary expected =
          new Exporter("test")
              .export(store.repository, store.runs, Exports.options(format, any).build());
      // the runs come whole from the repository's stream, grouped by task and prompt, once
      StreamOnly streamed = new StreamOnly(store.repository);
      ExportSummary actual =
          new Exporter("test")
              .export(streamed, RunQuery.all(), Exports.options(format, byGroup).build());

      assertEquals(expected, actual, format.cliName());
      assertEquals(1, streamed.passes, "one pass over the runs");
      assertEquals(
          Files.readString(any.resolve("train.jsonl")),
          Files.readString(byGroup.resolve("train.jsonl")),
          format.cliName());
    }
  }

  /** A repository that gives runs through its stream alone, counting the passes. */
  private static final class StreamOnly implements TraceRepository {
    private final FakeTraceRepository store;
    int passes;

    StreamOnly(FakeTraceRepository store) {
      this.store = store;
    }

    @Override
    public Stream<RunTrace> traces(RunQuery query) {
      passes++;
      return store.traces(query);
    }

    @Override
    public List<TraceEvent> events(String runId) {
      throw new AssertionError("the exporter reads events from the stream");
    }

    @Override
    public List<Message> messages(String runId) {
      throw new AssertionError("the exporter reads messages from the stream");
    }

    @Override
    public List<Annotation> annotations(String runId) {
      throw new AssertionError("the exporter reads annotations from the stream");
    }

    @Override
    public List<Run> runs(RunFilter filter) {
      throw new AssertionError("the exporter lists no runs of its own");
    }

    @Override
    public long countRuns(RunFilter filter) {
      throw new AssertionError("the exporter counts no runs of its own");
    }

    @Override
    public Optional<Run> run(String idOrPrefix) {
      throw new AssertionError("the exporter reads runs from the stream");
    }

    @Override
    public void annotate(Annotation annotation) {
      throw new AssertionError("the exporter writes nothing");
    }
  }

  @Test
  void should_keep_runs_without_a_task_together_by_their_prompt() throws Exception {
    Store store = manyTasks();
    new Exporter("test")
        .export(
            store.repository,
            store.runs,
            Exports.options(ExportFormat.RAW, out)
                .splits(ExportOptions.parseSplits("a=0.25,b=0.25,c=0.25,d=0.25"))
                .build());

    Map<String, Set<String>> splitsOfPrompt = new TreeMap<>();
    for (String split : List.of("a", "b", "c", "d")) {
      for (JsonNode row : Exports.rows(out.resolve(split + ".jsonl"))) {
        if (row.path("task_id").isNull()) {
          splitsOfPrompt
              .computeIfAbsent(row.path("prompt").asText(), p -> new HashSet<>())
              .add(split);
        }
      }
    }
    assertEquals(10, splitsOfPrompt.size());
    splitsOfPrompt.forEach((prompt, splits) -> assertEquals(1, splits.size(), prompt));
  }

  private static Set<String> keys(Path file) throws Exception {
    Set<String> keys = new HashSet<>();
    if (!Files.exists(file)) {
      return keys;
    }
    for (JsonNode row : Exports.rows(file)) {
      keys.add(
          row.path("task_id").isNull()
              ? row.path("prompt").asText()
              : row.path("task_id").asText());
    }
    assertFalse(keys.isEmpty());
    return keys;
  }

  /** A store of one-turn runs: user prompt, assistant answer, a human label. */
  private static final class Store {
    final FakeTraceRepository repository = new FakeTraceRepository();
    final List<Run> runs = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, int[]> counts = new TreeMap<>();

    void add(String task, int attempt, String prompt, String answer, String label) {
      String id = String.format("run-%05d", runs.size());
      RunSpec spec =
          new RunSpec(
              prompt, task, null, attempt, "m", "scripted", "agent", "/w", null, null, null);
      Run run =
          new RunRecorder(repository, id, spec, T.plusSeconds(runs.size()))
              .user(prompt)
              .reply(answer)
              .finish(RunStatus.SUCCEEDED, "answered", null);
      repository.annotate(new Annotation(id + "-a", id, null, "ann", label, List.of(), null, T));
      runs.add(run);
      labels.put(prompt + "|" + answer, label);
      counts.computeIfAbsent(prompt, p -> new int[2])[label.equals("correct") ? 0 : 1]++;
    }

    long expectedPairs() {
      return counts.values().stream().mapToLong(c -> Math.min(c[0], c[1])).sum();
    }

    String labelOf(String prompt, String answer) {
      return labels.get(prompt + "|" + answer);
    }

    String promptOf(String answer, String prompt) {
      return labels.containsKey(prompt + "|" + answer) ? prompt : null;
    }
  }
}
