package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs killed with SIGKILL at random points (child JVMs, a scripted model, tools that sleep, a file
 * rewritten in place) lose no committed event and resume to the outcome of an uninterrupted run.
 * About a minute and a half: tagged slow, run by {@code -Pslow-tests} (see pom.xml) and .ci/run.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KillResumeTest {
  @TempDir Path dir;

  @Test
  void should_resume_every_killed_run_to_the_uninterrupted_outcome_without_losing_events()
      throws Exception {
    long seed = Long.getLong("soak.seed", System.nanoTime());
    SoakHarness.Result result = SoakHarness.parallel(dir, seed, 20, 20, 3, null);

    assertEquals(java.util.List.of(), result.problems(), "seed " + seed);
    assertTrue(result.runs() >= 20, "runs: " + result.runs());
    assertTrue(result.kills() >= 20, "kills: " + result.kills());
    assertTrue(result.eventsChecked() > 0, "no committed event was checked");
  }
}
