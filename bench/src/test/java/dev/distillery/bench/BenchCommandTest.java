package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bench prints its figures beside its baseline (tens of seconds: tagged slow, see pom.xml).
 */
@Tag("slow")
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void should_print_store_rates_beside_the_appender_baseline_and_the_commit_latency() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run(
                "bench",
                "store",
                "--events",
                "3000",
                "--batch",
                "1000",
                "--latency-samples",
                "20",
                "--dir",
                ".");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("raw DuckDB Appender"), result.out());
    Matcher ratio = Pattern.compile("ratio\\s+([0-9.]+)").matcher(result.out());
    assertTrue(ratio.find(), result.out());
    assertTrue(Double.parseDouble(ratio.group(1)) > 0, result.out());
    assertTrue(result.out().contains("p99"), result.out());
  }

  @Test
  void should_kill_and_resume_a_run_and_report_no_problem_beside_an_uninterrupted_run() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run(
                "bench",
                "soak",
                "--kills",
                "1",
                "--runs",
                "1",
                "--workers",
                "1",
                "--cost-runs",
                "1",
                "--cost-files",
                "5",
                "--dir",
                ".");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(result.out().contains("baseline: an uninterrupted run"), result.out());
    assertTrue(result.out().contains("kills 1"), result.out());
    assertTrue(result.out().contains("problems 0"), result.out());
    for (String mode : new String[] {"none", "link", "copy", "off"}) {
      assertTrue(result.out().contains("checkpoints " + mode), result.out());
    }
  }

  @Test
  void should_time_help_the_first_model_request_and_serve_beside_java_version() {
    CliHarness.Result result = new CliHarness(dir).run("bench", "startup", "--runs", "1");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    String out = result.out();
    assertTrue(out.contains("(baseline: a JVM that starts and exits)"), out);
    assertTrue(out.contains("--help"), out);
    assertTrue(out.contains("first model request"), out);
    assertTrue(out.contains("serve listening"), out);
    Matcher row =
        Pattern.compile(
                "java -cp \\(this class path\\) +([0-9,]+) ms .+ ([0-9,]+) ms .+ ([0-9,]+) ms")
            .matcher(out);
    assertTrue(row.find(), out);
    for (int group = 1; group <= 3; group++) {
      assertTrue(Double.parseDouble(row.group(group).replace(",", "")) > 0, out);
    }
  }

  @Test
  void should_print_harness_and_baseline_rates_at_both_concurrencies() {
    CliHarness.Result result =
        new CliHarness(dir).run("bench", "suite", "--tasks", "2", "--attempts", "2");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("concurrency 1: harness"), result.out());
    assertTrue(result.out().contains("concurrency 2: harness"), result.out());
  }

  @Test
  void should_export_a_generated_store_beside_duckdbs_copy() {
    CliHarness.Result result =
        new CliHarness(dir).run("bench", "export", "--runs", "6", "--dir", ".");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(
        Pattern.compile("raw Parquet \\(ours\\) +6 rows").matcher(result.out()).find(),
        result.out());
    assertTrue(
        Pattern.compile("trl-sft JSONL \\(ours\\) +4 rows").matcher(result.out()).find(),
        "4 of 6 checks pass: " + result.out());
    assertTrue(
        Pattern.compile("trl-dpo JSONL \\(ours\\) +0 rows").matcher(result.out()).find(),
        "each of the 6 runs is its own task, so nothing pairs: " + result.out());
    assertTrue(
        Pattern.compile("raw Parquet \\(ours\\).*live after GC +\\d+ MB")
            .matcher(result.out())
            .find(),
        result.out());
    assertTrue(
        Pattern.compile("DuckDB COPY, raw rows +6 rows").matcher(result.out()).find(),
        result.out());
    assertTrue(
        Pattern.compile("DuckDB COPY, sft rows +4 rows").matcher(result.out()).find(),
        "the baseline writes the rows trl-sft writes: " + result.out());
    assertTrue(
        Pattern.compile("DuckDB COPY, every run +6 rows").matcher(result.out()).find(),
        result.out());
    assertTrue(
        Pattern.compile(
                "ratio, pass 2: raw Parquet / COPY of raw rows \\d+\\.\\d\\d;"
                    + " trl-sft / COPY of sft rows \\d+\\.\\d\\d")
            .matcher(result.out())
            .find(),
        "two passes by default, each with its ratios: " + result.out());
    assertEquals(
        2,
        Pattern.compile("trl-sft JSONL \\(ours\\) +4 rows").matcher(result.out()).results().count(),
        result.out());
  }

  @Test
  void should_time_each_view_over_a_generated_store_with_known_failures_and_loops() {
    CliHarness.Result result =
        new CliHarness(dir).run("bench", "views", "--events", "2000", "--dir", ".");

    assertEquals(0, result.exitCode(), result.err());
    // 100 runs: one in ten loops, two failure signatures from tools and one from checks
    assertTrue(
        Pattern.compile("loops +\\d+ ms +10 rows").matcher(result.out()).find(), result.out());
    assertTrue(
        Pattern.compile("failure_signatures +\\d+ ms +3 rows").matcher(result.out()).find(),
        result.out());
    assertTrue(
        Pattern.compile("label_disagreements +\\d+ ms +\\d+ rows").matcher(result.out()).find(),
        result.out());
  }

  @Test
  void should_time_the_pages_through_http_beside_the_store_reads() {
    CliHarness.Result result =
        new CliHarness(dir).run("bench", "ui", "--runs", "200", "--samples", "3", "--dir", ".");

    assertEquals(0, result.exitCode(), result.err());
    for (String page : new String[] {"runs list, newest", "search outputs", "run page"}) {
      assertTrue(
          Pattern.compile(Pattern.quote(page) + ".*p95 +[0-9.]+ ms +p50 +[0-9.]+ +p95 +[0-9.]+ ms")
              .matcher(result.out())
              .find(),
          result.out());
    }
  }

  @Test
  void should_time_the_proxy_beside_its_upstream_and_count_every_request_recorded() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run(
                "bench",
                "proxy",
                "--requests",
                "20",
                "--clients",
                "4",
                "--load",
                "40",
                "--dir",
                ".");

    assertEquals(0, result.exitCode(), result.err());
    for (String part :
        new String[] {
          "plain completion",
          "time to first chunk",
          "responses API, whole reply",
          "responses API, time to first event"
        }) {
      assertTrue(
          Pattern.compile(
                  Pattern.quote(part)
                      + ".*p50 +[0-9.]+ +p99 +[0-9.]+ ms +p50 +[0-9.]+ +p99 +[0-9.]+ ms"
                      + " +p50 +-?[0-9.]+ +p99 +-?[0-9.]+ ms")
              .matcher(result.out())
              .find(),
          result.out());
    }
    assertTrue(result.out().contains("4 clients, 40 requests each way"), result.out());
    assertTrue(result.out().contains("for 180 requests through the proxy: 0 lost"), result.out());
  }

  @Test
  void should_time_a_lesson_for_each_scope_beside_a_scan_of_the_prompts() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run("bench", "learn", "--runs", "2000", "--queries", "10", "--dir", ".");

    assertEquals(0, result.exitCode(), result.err());
    for (String scope : new String[] {"same-task", "other-tasks", "all"}) {
      assertTrue(
          Pattern.compile(
                  "lesson, scope "
                      + scope
                      + " +p50 +[0-9.]+ +p95 +[0-9.]+ ms +[0-9.]+ examples, [0-9,]+ prompt tokens")
              .matcher(result.out())
              .find(),
          result.out());
    }
    assertTrue(result.out().contains("baseline: one scan of the runs' prompts"), result.out());
  }

  @Test
  void should_post_otlp_traces_into_a_store_beside_the_raw_write_of_the_same_events() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run("bench", "otlp", "--traces", "30", "--per-request", "7", "--dir", ".");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(result.out().contains("posting 30 traces (210 spans) in 5 requests"), result.out());
    assertTrue(
        Pattern.compile("OTLP ingest +[0-9,]+ spans/s +[0-9,]+ events/s")
            .matcher(result.out())
            .find(),
        result.out());
    assertTrue(
        Pattern.compile("store recordAll +[0-9,]+ events/s +\\(same 420 events")
            .matcher(result.out())
            .find(),
        result.out());
  }

  @Test
  void should_time_shards_serve_ingest_pushes_and_lake_reads_beside_their_baselines() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run(
                "bench",
                "scale",
                "--tasks",
                "4",
                "--attempts",
                "1",
                "--slow-tasks",
                "2",
                "--model-delay-ms",
                "50",
                "--push-events",
                "2000",
                "--files",
                "1,3");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    String out = result.out();
    for (int width : new int[] {1, 2, 4}) {
      // once with the scripted model, once with the slow one
      assertEquals(
          2,
          Pattern.compile(
                  "(?m)^"
                      + width
                      + " shard\\(s\\) side by side: +[0-9.]+ attempts/s +one store at concurrency "
                      + width
                      + ": +[0-9.]+ attempts/s$")
              .matcher(out)
              .results()
              .count(),
          out);
      assertTrue(
          Pattern.compile(
                  "(?m)^"
                      + width
                      + " HTTP runner\\(s\\) into one serve: +[0-9]+ events/s +"
                      + width
                      + " shard store\\(s\\): +[0-9]+ events/s$")
              .matcher(out)
              .find(),
          out);
    }
    // the widest run's four shards and the generated one, each beside DuckDB's COPY
    assertEquals(
        5,
        Pattern.compile("(?m)^push \\S+: .* MB/s +raw COPY: .* MB/s$")
            .matcher(out)
            .results()
            .count(),
        out);
    // the same events whatever the files per table (the bench also checks them after compact)
    List<String> events =
        Pattern.compile("(?m)^read +[13] file\\(s\\) per table: +[0-9]+ ms \\(([0-9]+) events\\)")
            .matcher(out)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertEquals(2, events.size(), out);
    assertEquals(events.get(0), events.get(1), out);
  }

  @Test
  void should_judge_runs_against_a_slow_fake_beside_the_ideal_rate() {
    CliHarness.Result result =
        new CliHarness(dir)
            .run("bench", "judge", "--runs", "16", "--concurrency", "4", "--latency-ms", "100");

    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(
        result.out().contains("judged 16 runs: 16 correct, 0 incorrect, 0 failed"), result.out());
    assertTrue(
        Pattern.compile(
                "16 runs in [0-9.]+ s = [0-9.]+ runs/s with 4 concurrent calls at 100 ms \\(ideal 4"
                    + " / 0.1 s = 40.0 runs/s")
            .matcher(result.out())
            .find(),
        result.out());
  }
}
