package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AWS secret access key that a tool printed leaves no trace in any of the formats. */
class AwsSecretExportTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path out;

  private static Run run(
      FakeTraceRepository repository, String id, int attempt, CheckStatus check) {
    RunSpec spec =
        new RunSpec(
            "Read the credentials",
            "t1",
            "suite-1",
            attempt,
            "gpt-4o-mini",
            "scripted",
            "agent",
            "/work/" + id,
            null,
            null,
            "{}");
    ToolCall cat = Fixture.call("call_1", "bash", "{\"command\": \"cat ~/.aws/credentials\"}");
    repository.annotate(
        new Annotation(
            id + "-ann",
            id,
            null,
            "ann",
            check == CheckStatus.PASS ? "correct" : "incorrect",
            List.of(),
            null,
            Fixture.T0.plusSeconds(100_000L)));
    return new RunRecorder(repository, id, spec, Fixture.T0.plusSeconds(3600L * attempt))
        .system(Fixture.SYSTEM)
        .user("Read the credentials")
        .reply(null, cat)
        .result(
            cat,
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
                + SECRET
                + "\n",
            false)
        .reply(attempt == 1 ? "Read them." : "They hold a key.")
        .finish(RunStatus.SUCCEEDED, "answered", check);
  }

  @Test
  void should_redact_an_aws_secret_access_key_in_every_format() throws Exception {
    for (ExportFormat format : ExportFormat.values()) {
      FakeTraceRepository repository = new FakeTraceRepository();
      List<Run> runs =
          List.of(
              run(repository, "run-01", 1, CheckStatus.PASS),
              run(repository, "run-02", 2, CheckStatus.FAIL));
      Path dir = out.resolve(format.name());

      ExportSummary summary =
          new Exporter("test").export(repository, runs, Exports.options(format, dir).build());

      // the preference formats pair final answers only: no tool output, nothing to count
      if (!format.name().endsWith("DPO")) {
        assertTrue(
            summary.redactions().getOrDefault("aws_secret", 0L) > 0, format + ": " + summary);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertFalse(Files.readString(file).contains(SECRET), format + " " + file);
        }
      }
    }
  }
}
