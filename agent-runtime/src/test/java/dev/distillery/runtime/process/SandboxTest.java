package dev.distillery.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.runtime.tools.ToolContext;
import dev.distillery.runtime.tools.ToolOutput;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.DistilleryException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's real bash tool under a real bubblewrap; skipped where bwrap is not installed. */
class SandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path work() throws Exception {
    return Files.createDirectories(dir.resolve("work"));
  }

  private ToolOutput bash(Sandbox sandbox, String command) throws Exception {
    return ToolRegistry.defaults(sandbox)
        .call(
            "bash",
            JSON.writeValueAsString(Map.of("command", command)),
            new ToolContext(work(), Duration.ofSeconds(20), 8192));
  }

  private static Sandbox sandbox(boolean network) {
    Assumptions.assumeTrue(
        Sandbox.find(System.getenv("PATH")).isPresent(),
        "bubblewrap (bwrap) is not installed: the sandbox cannot be tried here");
    return Sandbox.bubblewrap(System.getenv("PATH"), network);
  }

  @Test
  void should_let_a_sandboxed_command_write_the_workspace_and_nothing_outside_it()
      throws Exception {
    Sandbox sandbox = sandbox(false);

    ToolOutput inside = bash(sandbox, "echo kept > kept.txt && cat kept.txt");
    ToolOutput etc = bash(sandbox, "cp /etc/hostname /etc/distillery-sandbox-test");
    ToolOutput parent = bash(sandbox, "cd .. && echo x > escaped.txt; ls ..");

    assertEquals("kept\n", inside.output());
    assertEquals("kept\n", Files.readString(work().resolve("kept.txt")));
    assertNotEquals(0, etc.exitCode(), etc.output());
    assertTrue(etc.output().contains("Read-only file system"), etc.output());
    assertFalse(Files.exists(Path.of("/etc/distillery-sandbox-test")));
    // the workspace's parent is the sandbox's private /tmp or read-only: never the real one
    assertFalse(Files.exists(dir.resolve("escaped.txt")), parent.output());
  }

  @Test
  void should_show_a_sandboxed_command_a_fresh_proc_without_the_jvm() throws Exception {
    Sandbox sandbox = sandbox(false);
    long jvm = ProcessHandle.current().pid();
    String look =
        "cat /proc/" + jvm + "/environ > /dev/null 2>&1 && echo jvm-visible || echo jvm-hidden";

    ToolOutput seen =
        bash(sandbox, "tr '\\0' ' ' < /proc/1/cmdline; echo; echo ppid=$PPID; " + look);
    ToolOutput unsandboxed = bash(Sandbox.NONE, look);

    String pid1 = seen.output().lines().findFirst().orElse("");
    assertTrue(pid1.contains("bwrap") && !pid1.contains("java"), "pid 1 is the sandbox's: " + pid1);
    assertTrue(seen.output().contains("ppid=1\n"), seen.output());
    assertTrue(seen.output().endsWith("jvm-hidden\n"), seen.output());
    assertEquals("jvm-visible\n", unsandboxed.output(), "without a sandbox the JVM is in reach");
  }

  @Test
  void should_cut_a_sandboxed_command_off_the_network_unless_allowed() throws Exception {
    Sandbox cut = sandbox(false);
    Sandbox open = sandbox(true);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      String connect =
          "exec 3<>/dev/tcp/127.0.0.1/" + server.getAddress().getPort() + " && echo connected";

      ToolOutput refused = bash(cut, connect);
      ToolOutput allowed = bash(open, connect);

      assertNotEquals(0, refused.exitCode(), refused.output());
      assertFalse(refused.output().contains("connected\n"), refused.output());
      assertEquals("connected\n", allowed.output(), "--sandbox-network lets it through");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void should_refuse_a_sandbox_with_one_line_when_bwrap_is_not_on_the_path() {
    DistilleryException refused =
        assertThrows(
            DistilleryException.class,
            () -> Sandbox.bubblewrap(dir.resolve("empty").toString(), false));

    assertTrue(refused.getMessage().startsWith("--sandbox needs bubblewrap (bwrap)"));
    assertFalse(refused.getMessage().contains("\n"));
  }
}
