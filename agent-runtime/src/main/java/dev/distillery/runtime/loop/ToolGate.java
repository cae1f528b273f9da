package dev.distillery.runtime.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.hooks.Hook;
import dev.distillery.runtime.hooks.HookCall;
import dev.distillery.runtime.hooks.HookPhase;
import dev.distillery.runtime.hooks.HookResult;
import dev.distillery.runtime.policy.Action;
import dev.distillery.runtime.policy.Approval;
import dev.distillery.runtime.policy.ApprovalRequest;
import dev.distillery.runtime.policy.PolicyRule;
import dev.distillery.runtime.policy.Verdict;
import dev.distillery.runtime.tools.ToolOutput;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What stands between the model's tool call and the tool: the policy's decision (recorded), an
 * approval when it asks (recorded, with who answered), the before hooks (recorded; exit 2 blocks),
 * the tool itself, then the after hooks. A refused or blocked call becomes an error output the
 * model sees, never an exception.
 */
final class ToolGate {
  private static final ObjectMapper JSON = Json.MAPPER;

  private final Controls controls;
  private final RunRecorder recorder;
  private final Path workingDirectory;
  private final Clock clock;
  private final Set<PolicyRule> alwaysAllowed = new HashSet<>();

  ToolGate(Controls controls, RunRecorder recorder, Path workingDirectory, Clock clock) {
    this.controls = controls;
    this.recorder = recorder;
    this.workingDirectory = workingDirectory;
    this.clock = clock;
  }

  ToolOutput pass(TraceEvent called, ToolCall call, Supplier<ToolOutput> tool) {
    ToolOutput refused = decide(called, call);
    if (refused != null) {
      return refused;
    }
    for (Hook hook : controls.hooks().applying(HookPhase.BEFORE_TOOL, call.name())) {
      HookResult result = runHook(called, hook, hookCall(HookPhase.BEFORE_TOOL, call, null));
      if (result.block()) {
        return ToolOutput.error(
            "blocked by hook `"
                + hook.name()
                + "`"
                + (result.message().isBlank() ? "" : ": " + result.message()));
      }
    }
    ToolOutput output = tool.get();
    for (Hook hook : controls.hooks().applying(HookPhase.AFTER_TOOL, call.name())) {
      HookResult result = runHook(called, hook, hookCall(HookPhase.AFTER_TOOL, call, output));
      if (result.block()) {
        output =
            new ToolOutput(
                output.output() + "\n\nhook `" + hook.name() + "` objects: " + result.message(),
                output.exitCode(),
                output.truncated(),
                true);
      }
    }
    return output;
  }

  /** Null when the call may run; else the error the model gets instead of the tool's output. */
  private ToolOutput decide(TraceEvent called, ToolCall call) {
    Verdict verdict = controls.policy().evaluate(call.name(), arguments(call.argumentsJson()));
    String source = verdict.rule() == null ? null : verdict.rule().source();
    Action action = verdict.action();
    if (action == Action.ASK && alwaysAllowed.contains(verdict.rule())) {
      action = Action.ALLOW;
      source = "approved";
    }
    TraceEvent decision =
        recorder.record(
            called.id(),
            null,
            new EventPayload.PolicyDecision(
                call.id(),
                call.name(),
                action.wire(),
                verdict.rule() == null ? null : verdict.rule().text(),
                source,
                "approved".equals(source)
                    ? "allowed: the user answered always earlier in this run"
                    : verdict.reason()));
    return switch (action) {
      case ALLOW -> null;
      case DENY -> ToolOutput.error("policy denied this call: " + verdict.reason());
      case ASK -> ask(decision, call, verdict);
    };
  }

  private ToolOutput ask(TraceEvent decision, ToolCall call, Verdict verdict) {
    Instant deadline = clock.instant().plus(controls.policy().approvalTimeout());
    long start = System.nanoTime();
    Approval approval;
    try {
      approval =
          controls
              .approver()
              .decide(
                  new ApprovalRequest(
                      recorder.runId(),
                      decision.id(),
                      call.id(),
                      call.name(),
                      call.argumentsJson(),
                      verdict.reason(),
                      deadline));
      if (approval == null || clock.instant().isAfter(deadline)) {
        approval = Approval.timeout();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      approval = new Approval(Approval.Answer.NO, "interrupted");
    } catch (RuntimeException e) {
      approval = new Approval(Approval.Answer.NO, "approver failed: " + e.getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    recorder.record(
        decision.id(),
        millis,
        new EventPayload.ApprovalAnswered(
            call.id(),
            call.name(),
            approval.granted(),
            approval.answer().wire(),
            approval.answeredBy(),
            approval.via()));
    if (approval.answer() == Approval.Answer.ALWAYS) {
      alwaysAllowed.add(verdict.rule());
    }
    if (approval.granted()) {
      return null;
    }
    return ToolOutput.error(
        (approval.answer() == Approval.Answer.TIMEOUT
                ? "policy: no approval came in time, so this call was not run"
                : "policy: the call was refused by " + approval.answeredBy())
            + " ("
            + verdict.reason()
            + ")");
  }

  private HookResult runHook(TraceEvent called, Hook hook, HookCall call) {
    HookResult result;
    long start = System.nanoTime();
    try {
      result = hook.run(call);
      if (result == null) {
        result = HookResult.PASS;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = new HookResult(false, "the hook was interrupted", null);
    } catch (Exception e) {
      result = new HookResult(false, "the hook failed: " + e, null);
    }
    recorder.record(
        called.id(),
        (System.nanoTime() - start) / 1_000_000,
        new EventPayload.HookRan(
            call.callId(),
            call.toolName(),
            call.phase().wire(),
            hook.name(),
            result.exitCode(),
            result.block(),
            result.message()));
    return result;
  }

  private HookCall hookCall(HookPhase phase, ToolCall call, ToolOutput output) {
    return new HookCall(
        phase,
        recorder.runId(),
        call.id(),
        call.name(),
        call.argumentsJson(),
        workingDirectory.toString(),
        output == null ? null : output.output(),
        output == null ? null : output.isError());
  }

  private static JsonNode arguments(String json) {
    try {
      return json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (Exception e) {
      return null;
    }
  }
}
