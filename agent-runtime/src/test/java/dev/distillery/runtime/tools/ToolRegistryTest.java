package dev.distillery.runtime.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRegistryTest {
  @TempDir Path work;
  @TempDir Path outside;

  private final ToolRegistry tools = ToolRegistry.defaults();

  private ToolOutput call(String name, String args) {
    return tools.call(name, args, new ToolContext(work, Duration.ofSeconds(10), 1024));
  }

  @Test
  void should_return_bash_output_and_exit_code() {
    ToolOutput ok = call("bash", "{\"command\": \"echo hello; echo oops >&2\"}");
    assertEquals("hello\noops\n", ok.output());
    assertEquals(0, ok.exitCode());
    assertFalse(ok.isError());

    ToolOutput failed = call("bash", "{\"command\": \"exit 7\"}");
    assertEquals(7, failed.exitCode());
    assertTrue(failed.isError());
  }

  @Test
  void should_run_bash_in_the_working_directory() throws Exception {
    Files.writeString(work.resolve("here.txt"), "x");
    assertEquals("here.txt\n", call("bash", "{\"command\": \"ls\"}").output());
  }

  @Test
  void should_kill_a_command_that_runs_past_its_timeout() {
    ToolOutput output =
        tools.call(
            "bash",
            "{\"command\": \"echo started; sleep 30\"}",
            new ToolContext(work, Duration.ofMillis(500), 1024));

    assertTrue(output.isError());
    assertNull(output.exitCode());
    assertTrue(output.output().startsWith("started"), output.output());
    assertTrue(output.output().contains("ran longer than"), output.output());
  }

  @Test
  void should_kill_the_commands_children_too_on_timeout() throws Exception {
    ToolOutput output =
        tools.call(
            "bash",
            "{\"command\": \"sleep 60 & echo $! > child.pid; wait\"}",
            new ToolContext(work, Duration.ofMillis(500), 1024));

    assertTrue(output.isError());
    long child = Long.parseLong(Files.readString(work.resolve("child.pid")).strip());
    assertTrue(hasExited(child), "the background sleep " + child + " was killed too");
  }

  /** Gone, or a zombie waiting for whichever process adopted it to reap it. */
  private static boolean hasExited(long pid) throws Exception {
    var process = ProcessHandle.of(pid);
    if (process.isEmpty() || isZombie(pid)) {
      return true;
    }
    try {
      process.get().onExit().get(10, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException stillThere) {
      return isZombie(pid);
    }
  }

  private static boolean isZombie(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return true;
    }
    String text = Files.readString(stat);
    char state = text.charAt(text.lastIndexOf(')') + 2);
    return state == 'Z' || state == 'X';
  }

  @Test
  void should_cut_huge_output_in_the_middle_and_say_so() {
    ToolOutput output = call("bash", "{\"command\": \"seq 1 100000\"}");

    assertTrue(output.truncated());
    assertTrue(output.output().startsWith("1\n2\n3\n"), output.output());
    assertTrue(output.output().strip().endsWith("100000"), output.output());
    assertTrue(output.output().contains("bytes truncated"), output.output());
    assertTrue(
        output.output().length() < 1200, "capped near 1024 bytes: " + output.output().length());
  }

  @Test
  void should_not_pass_credentials_from_the_environment_to_commands() {
    ToolOutput output =
        call(
            "bash",
            // names only: a value may mention a token without being one
            "{\"command\": \"env | cut -d= -f1 | grep -c -i -E 'api_key|token|secret' || true\"}");
    assertEquals("0", output.output().strip());
  }

  @Test
  void should_write_read_and_list_files() {
    assertFalse(
        call("write_file", "{\"path\": \"src/a.txt\", \"content\": \"one\\ntwo\\nthree\\n\"}")
            .isError());
    assertEquals("one\ntwo\nthree\n", call("read_file", "{\"path\": \"src/a.txt\"}").output());
    assertEquals(
        "two",
        call("read_file", "{\"path\": \"src/a.txt\", \"offset\": 1, \"limit\": 1}").output());
    assertEquals("src/\nsrc/a.txt\n", call("list_files", "{}").output());
  }

  @Test
  void should_refuse_paths_outside_the_working_directory() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "s3cret");
    Files.createSymbolicLink(work.resolve("link"), outside);

    for (String path :
        new String[] {"../x.txt", outside.resolve("secret.txt").toString(), "link/secret.txt"}) {
      ToolOutput read = call("read_file", "{\"path\": \"" + path + "\"}");
      assertTrue(read.isError(), path);
      assertFalse(read.output().contains("s3cret"), path);
      assertTrue(
          call("write_file", "{\"path\": \"" + path + "\", \"content\": \"x\"}").isError(), path);
    }
    assertEquals("s3cret", Files.readString(outside.resolve("secret.txt")));
    for (String path : new String[] {"..", outside.toString(), "link"}) {
      ToolOutput list = call("list_files", "{\"path\": \"" + path + "\"}");
      assertTrue(list.isError(), path);
      assertFalse(list.output().contains("secret.txt"), path);
    }
    assertFalse(call("list_files", "{}").output().contains("secret.txt"), "links are not followed");
    assertTrue(call("read_file", "{\"path\": \"../x.txt\"}").output().contains("outside"));
  }

  @Test
  void should_turn_unknown_tools_and_bad_arguments_into_error_outputs() {
    ToolOutput unknown = call("run_tests", "{}");
    assertTrue(unknown.isError());
    assertTrue(unknown.output().contains("unknown tool 'run_tests'"), unknown.output());
    assertTrue(unknown.output().contains("bash"), unknown.output());

    ToolOutput notJson = call("bash", "{\"command\": ");
    assertTrue(notJson.isError());
    assertTrue(notJson.output().contains("not valid JSON"), notJson.output());

    assertTrue(call("bash", "[1, 2]").output().contains("must be a JSON object"));
    assertTrue(call("bash", "{}").output().contains("missing required argument 'command'"));
    assertTrue(call("read_file", "{\"path\": \"nope.txt\"}").output().contains("no file"));
  }
}
