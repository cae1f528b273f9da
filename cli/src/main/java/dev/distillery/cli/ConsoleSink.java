package dev.distillery.cli;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.io.PrintWriter;

/**
 * Records through another sink, then tells a person on stderr what the agent just did: each tool
 * call with its outcome, each error. The record comes first: a step is shown once it is durable.
 */
final class ConsoleSink implements TraceSink {
  private final TraceSink inner;
  private final PrintWriter err;

  ConsoleSink(TraceSink inner, PrintWriter err) {
    this.inner = inner;
    this.err = err;
  }

  @Override
  public void record(TraceEvent event) {
    inner.record(event);
    String line = describe(event);
    if (line != null) {
      err.println(line);
      err.flush();
    }
  }

  private static String describe(TraceEvent event) {
    EventPayload payload = event.payload();
    if (payload instanceof EventPayload.RunStarted) {
      return "· run " + event.runId() + " started";
    }
    if (payload instanceof EventPayload.ModelResponse response) {
      StringBuilder line = new StringBuilder();
      for (ToolCall call : response.message().toolCalls()) {
        line.append(line.length() == 0 ? "· " : "\n· ")
            .append(call.name())
            .append(' ')
            .append(Format.firstLine(call.argumentsJson(), 90));
      }
      return line.length() == 0 ? null : line.toString();
    }
    if (payload instanceof EventPayload.ToolResult result) {
      String status =
          result.isError()
              ? "error"
              : result.exitCode() == null ? "ok" : "exit " + result.exitCode();
      return "  ↳ " + status + ": " + Format.firstLine(unprefixed(result.output(), status), 90);
    }
    String control = ControlLines.liveLine(event);
    if (control != null) {
      return "  " + control;
    }
    if (payload instanceof EventPayload.RunResumed resumed) {
      return "· run "
          + event.runId()
          + " resumed "
          + (resumed.checkpointId() == null ? "from the start" : "from step " + resumed.step());
    }
    if (payload instanceof EventPayload.Error error) {
      return "! " + error.errorType() + ": " + Format.firstLine(error.message(), 120);
    }
    return null;
  }

  /** A tool's error output already says "error: ...": the line says it once. */
  private static String unprefixed(String output, String status) {
    String prefix = status + ":";
    return output != null && output.startsWith(prefix)
        ? output.substring(prefix.length()).stripLeading()
        : output;
  }
}
