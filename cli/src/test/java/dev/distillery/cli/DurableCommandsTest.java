package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** distillery resume, fork and retry, end to end through the command line and the store. */
class DurableCommandsTest {
  @TempDir Path dir;

  private static final String STEPS =
      """
      [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo one >> log.txt"}}]},
        {"tool_calls": [{"name": "bash", "arguments": {"command": "echo two >> log.txt"}}]},
        LAST ]
      """;

  private CliHarness cli;
  private Path work;

  private String startInterruptedByAnOutage() throws Exception {
    work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("seed.txt"), "seed\n");
    Files.writeString(
        dir.resolve("outage.json"),
        STEPS.replace(
            "LAST", "{\"error\": {\"type\": \"server_error\", \"message\": \"provider down\"}}"));
    Files.writeString(
        dir.resolve("good.json"), STEPS.replace("LAST", "{\"content\": \"two lines\"}"));
    cli = new CliHarness(dir);
    CliHarness.Result run =
        cli.run("run", "-p", "count", "--script", "outage.json", "--workdir", "work");
    assertEquals(130, run.exitCode(), run.err());
    assertTrue(run.err().contains("provider down"), run.err());
    return cli.run("sql", "--format", "csv", "select id from runs").out().split("\n")[1];
  }

  private String sql(String query) {
    return cli.run("sql", "--format", "csv", query).out();
  }

  @Test
  void should_resume_a_run_paused_by_an_outage_as_the_same_run() throws Exception {
    String runId = startInterruptedByAnOutage();
    assertEquals(
        "status,outcome\ninterrupted,model_unavailable\n", sql("select status, outcome from runs"));

    CliHarness.Result refused = cli.run("resume", runId.substring(0, 8), "--script", "good.json");
    assertEquals(ExitCode.ERROR, refused.exitCode());
    assertTrue(refused.err().contains("add --restore"), refused.err());
    assertEquals("status\ninterrupted\n", sql("select status from runs"), "nothing was done");

    CliHarness.Result resumed =
        cli.run("resume", runId.substring(0, 8), "--script", "good.json", "--restore");

    assertEquals(0, resumed.exitCode(), resumed.err());
    assertEquals("two lines\n", resumed.out());
    assertEquals(
        "seed\none\ntwo\n",
        Files.readString(work.resolve("seed.txt")) + Files.readString(work.resolve("log.txt")));
    assertEquals(
        "status,n\nsucceeded,1\n", sql("select status, count(*) as n from runs group by 1"));
    assertEquals("step\n2\n", sql("select step from resumes"));
    String timeline = cli.run("show", runId).out();
    assertTrue(timeline.contains("run resumed"), timeline);
    assertTrue(timeline.contains("checkpoint"), timeline);

    CliHarness.Result again = cli.run("resume", runId, "--script", "good.json", "--restore");
    assertEquals(1, again.exitCode());
    assertEquals(
        "distillery: run "
            + runId
            + " is succeeded (answered): only an interrupted run can be"
            + " resumed; distillery fork or distillery retry start a new one from it\n",
        again.err());
  }

  @Test
  void should_fork_a_run_at_an_event_into_a_linked_run_with_a_new_instruction() throws Exception {
    String runId = startInterruptedByAnOutage();
    String firstResult = sql("select seq from checkpoints where step = 1").split("\n")[1];
    Files.writeString(dir.resolve("fork.json"), STEPS.replace("LAST", "{\"content\": \"forked\"}"));

    CliHarness.Result fork =
        cli.run(
            "fork", runId, "--at", "#" + firstResult, "-p", "count again", "--script", "fork.json");

    assertEquals(0, fork.exitCode(), fork.err());
    assertEquals("forked\n", fork.out());
    assertEquals(
        "link,parent_seq,status,parent_status\nfork," + firstResult + ",succeeded,interrupted\n",
        sql("select link, parent_seq, status, parent_status from run_links"));
    assertEquals(
        "content\ncount again\n",
        sql(
            "select content from messages m join run_links l on l.run_id = m.run_id"
                + " where role = 'user' and idx > 1"));
    String forkId = sql("select run_id from run_links").split("\n")[1];
    assertTrue(
        cli.run("show", forkId).out().contains("fork of run " + runId + " at event "),
        "show names the parent");
    Path forkDir = dir.resolve("distillery.duckdb.snapshots-workspaces");
    assertEquals(1, Files.list(forkDir).count());
    Path forkWork = Files.list(forkDir).findFirst().orElseThrow();
    assertEquals(
        "one\ntwo\n",
        Files.readString(forkWork.resolve("log.txt")),
        "restored at step 1, then the fork's own step two");
  }

  @Test
  void should_retry_a_run_as_a_new_attempt_from_its_starting_workspace() throws Exception {
    String runId = startInterruptedByAnOutage();
    Path again = dir.resolve("again");

    CliHarness.Result retry =
        cli.run("retry", runId, "--script", "good.json", "--workdir", "again");

    assertEquals(0, retry.exitCode(), retry.err());
    assertEquals("seed\n", Files.readString(again.resolve("seed.txt")));
    assertEquals("one\ntwo\n", Files.readString(again.resolve("log.txt")));
    assertEquals("link,status\nretry,succeeded\n", sql("select link, status from run_links"));
    assertEquals("attempt\n1\n2\n", sql("select attempt from runs order by attempt"));
  }

  @Test
  void should_refuse_to_retry_into_a_directory_that_holds_files() throws Exception {
    String runId = startInterruptedByAnOutage();

    CliHarness.Result retry = cli.run("retry", runId, "--script", "good.json", "--workdir", "work");

    assertEquals(1, retry.exitCode());
    assertTrue(retry.err().contains("is not empty"), retry.err());
    assertEquals("one\ntwo\n", Files.readString(work.resolve("log.txt")), "left alone");
  }

  @Test
  void should_say_in_one_line_when_the_fork_event_does_not_exist() throws Exception {
    String runId = startInterruptedByAnOutage();

    CliHarness.Result fork = cli.run("fork", runId, "--at", "#999", "--script", "good.json");

    assertEquals(1, fork.exitCode());
    assertTrue(
        fork.err().startsWith("distillery: run " + runId + " has no event #999"), fork.err());
    assertEquals(1, fork.err().lines().count());
  }
}
