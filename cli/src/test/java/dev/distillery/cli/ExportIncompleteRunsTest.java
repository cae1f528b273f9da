package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs cut by the length limit ({@code truncated}) or ending with an empty answer ({@code
 * empty_answer}) stay out of the training formats by default, counted, even when their check
 * passed; {@code --include-incomplete} lets them in.
 */
class ExportIncompleteRunsTest {
  @TempDir Path dir;

  @Test
  void should_leave_truncated_and_empty_answers_out_of_training_formats_unless_asked()
      throws Exception {
    CliHarness cli = new CliHarness(dir);
    assertEquals(0, cli.run("demo").exitCode());
    // two runs whose check passed end as the runtime records a cut or empty reply
    try (Connection db =
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(StoreOption.DEFAULT_FILE));
        Statement sql = db.createStatement()) {
      sql.execute(
          "UPDATE runs SET status = 'failed', outcome = CASE WHEN id = (SELECT min(id) FROM runs"
              + " WHERE check_status = 'pass') THEN 'truncated' ELSE 'empty_answer' END"
              + " WHERE id IN (SELECT id FROM runs WHERE check_status = 'pass' ORDER BY id LIMIT 2)");
    }

    CliHarness.Result sft = cli.run("export", "-f", "trl-sft", "-o", "sft", "--use-check");
    CliHarness.Result kto = cli.run("export", "-f", "trl-kto", "-o", "kto", "--use-check");
    CliHarness.Result all =
        cli.run("export", "-f", "trl-sft", "-o", "all", "--use-check", "--include-incomplete");
    CliHarness.Result raw = cli.run("export", "-f", "raw", "-o", "raw");

    assertEquals(0, sft.exitCode(), sft.err());
    assertTrue(sft.out().startsWith("wrote 1 rows of trl-sft"), sft.out());
    assertTrue(sft.out().contains("truncated answer (outcome truncated)     1"), sft.out());
    assertTrue(sft.out().contains("empty answer (outcome empty_answer)      1"), sft.out());
    assertEquals(1, Files.readAllLines(dir.resolve("sft/train.jsonl")).size());
    String card = Files.readString(dir.resolve("sft/README.md"));
    assertTrue(card.contains("| truncated answer (outcome truncated) | 1 |"), card);
    assertTrue(kto.out().contains("empty answer (outcome empty_answer)"), kto.out());
    assertTrue(all.out().startsWith("wrote 3 rows of trl-sft"), all.out());
    assertTrue(!raw.out().contains("outcome"), "raw keeps every run: " + raw.out());
  }
}
