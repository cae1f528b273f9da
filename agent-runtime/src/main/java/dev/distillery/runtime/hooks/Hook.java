package dev.distillery.runtime.hooks;

/**
 * Code that runs before or after tool calls: a shell command from the settings file ({@link
 * ShellHook}) or any Java implementation. An exception is recorded and does not block the call.
 */
public interface Hook {
  /** How the hook is named in the trace. */
  String name();

  HookResult run(HookCall call) throws Exception;
}
