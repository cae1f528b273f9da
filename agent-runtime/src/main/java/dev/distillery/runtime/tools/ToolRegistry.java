package dev.distillery.runtime.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.trace.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools offered to the model, and the one place a call is dispatched. A call never throws: an
 * unknown tool, arguments that are not a JSON object, or a failing tool all become an error output
 * that the model sees on its next turn.
 */
public final class ToolRegistry {
  private static final ObjectMapper JSON = Json.MAPPER;

  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final Sandbox sandbox;

  public ToolRegistry(List<Tool> tools) {
    this(tools, Sandbox.NONE);
  }

  private ToolRegistry(List<Tool> tools, Sandbox sandbox) {
    this.sandbox = sandbox;
    for (Tool tool : tools) {
      if (this.tools.putIfAbsent(tool.spec().name(), tool) != null) {
        throw new IllegalArgumentException("two tools named " + tool.spec().name());
      }
    }
  }

  /** bash, read_file, write_file, list_files; bash runs without a sandbox. */
  public static ToolRegistry defaults() {
    return defaults(Sandbox.NONE);
  }

  /** bash, read_file, write_file, list_files; bash runs in {@code sandbox}. */
  public static ToolRegistry defaults(Sandbox sandbox) {
    return new ToolRegistry(
        List.of(
            new BashTool(sandbox), new ReadFileTool(), new WriteFileTool(), new ListFilesTool()),
        sandbox);
  }

  /** Where commands that follow the agent's work (a suite's check) run: bash's sandbox. */
  public Sandbox sandbox() {
    return sandbox;
  }

  /** The tools, in the order they are offered. */
  public List<Tool> tools() {
    return List.copyOf(tools.values());
  }

  public List<ToolSpec> specs() {
    return tools.values().stream().map(Tool::spec).toList();
  }

  public ToolOutput call(String name, String argumentsJson, ToolContext context) {
    Tool tool = tools.get(name);
    if (tool == null) {
      return ToolOutput.error(
          "unknown tool '" + name + "'; the tools are " + String.join(", ", tools.keySet()));
    }
    JsonNode arguments;
    try {
      arguments =
          argumentsJson == null || argumentsJson.isBlank()
              ? JSON.createObjectNode()
              : JSON.readTree(argumentsJson);
    } catch (JsonProcessingException e) {
      return ToolOutput.error(
          "the arguments of " + name + " are not valid JSON: " + e.getOriginalMessage());
    }
    if (arguments == null || !arguments.isObject()) {
      return ToolOutput.error("the arguments of " + name + " must be a JSON object");
    }
    try {
      return tool.execute(arguments, context);
    } catch (ToolException e) {
      return ToolOutput.error(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolOutput.error(name + " was stopped: the run is being interrupted");
    } catch (Exception e) {
      return ToolOutput.error(name + " failed: " + e);
    }
  }
}
