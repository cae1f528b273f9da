package dev.distillery.runtime.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.Json;
import dev.distillery.trace.KnownSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A hook that is a shell command ({@code bash -c}), run in the working directory with the call as
 * JSON on stdin. Exit code 2 blocks the call, with stderr as the reason; any other exit code lets
 * it through (a non-zero one is recorded). Killed after its timeout, which does not block.
 */
public final class ShellHook implements Hook {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int BLOCK_EXIT_CODE = 2;
  private static final int MAX_STDERR_BYTES = 4096;
  private static final ObjectMapper JSON = Json.MAPPER;

  private final String command;
  private final Duration timeout;

  public ShellHook(String command, Duration timeout) {
    this.command = Objects.requireNonNull(command, "command");
    this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  @Override
  public String name() {
    return command;
  }

  @Override
  public HookResult run(HookCall call) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    if (call.workingDirectory() != null) {
      builder.directory(Path.of(call.workingDirectory()).toFile());
    }
    builder.environment().keySet().removeIf(KnownSecrets::isCredentialName);
    Process process = builder.start();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> drain(process.getErrorStream(), stderr), "hook-stderr");
    reader.setDaemon(true);
    reader.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(JSON.writeValueAsBytes(json(call)));
    } catch (IOException ignored) {
      // the hook did not read its stdin: that is its business
    }
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
    reader.join(2_000);
    String said;
    synchronized (stderr) {
      said = stderr.toString(StandardCharsets.UTF_8).strip();
    }
    if (!finished) {
      return new HookResult(false, "the hook ran past its " + timeout.toSeconds() + "s", null);
    }
    int exit = process.exitValue();
    return new HookResult(exit == BLOCK_EXIT_CODE, said, exit);
  }

  static ObjectNode json(HookCall call) {
    ObjectNode node = JSON.createObjectNode();
    node.put("phase", call.phase().wire());
    node.put("run_id", call.runId());
    node.put("call_id", call.callId());
    node.put("tool", call.toolName());
    node.set("arguments", arguments(call.argumentsJson()));
    node.put("working_directory", call.workingDirectory());
    if (call.phase() == HookPhase.AFTER_TOOL) {
      node.put("output", call.output());
      node.put("is_error", call.isError());
    }
    return node;
  }

  /** The arguments as JSON when they are, else as the text the model wrote. */
  private static JsonNode arguments(String text) {
    try {
      JsonNode parsed = JSON.readTree(text == null ? "" : text);
      return parsed == null ? JSON.getNodeFactory().textNode("") : parsed;
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream into) {
    byte[] buffer = new byte[1024];
    try (in) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        synchronized (into) {
          int room = MAX_STDERR_BYTES - into.size();
          if (room > 0) {
            into.write(buffer, 0, Math.min(room, read));
          }
        }
      }
    } catch (IOException ignored) {
      // killed: what was read is kept
    }
  }
}
