package dev.distillery.runtime.hooks;

/**
 * What a hook decided.
 *
 * @param block whether the call is blocked (before) or its output flagged as an error (after)
 * @param message the reason given to the model when blocking; otherwise anything the hook said
 * @param exitCode a shell hook's exit code, or null
 */
public record HookResult(boolean block, String message, Integer exitCode) {
  public static final HookResult PASS = new HookResult(false, "", null);

  public HookResult {
    message = message == null ? "" : message;
  }

  public static HookResult block(String reason) {
    return new HookResult(true, reason, null);
  }
}
