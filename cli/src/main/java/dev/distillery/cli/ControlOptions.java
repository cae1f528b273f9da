package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.hooks.HookConfig;
import dev.distillery.runtime.hooks.Hooks;
import dev.distillery.runtime.loop.Controls;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.policy.Approver;
import dev.distillery.runtime.policy.ConsoleApprover;
import dev.distillery.runtime.policy.Lines;
import dev.distillery.runtime.policy.Policy;
import dev.distillery.runtime.policy.PolicyConfig;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.prompts.Mode;
import dev.distillery.runtime.prompts.Persona;
import dev.distillery.runtime.skills.Skills;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/**
 * The harness's controls on the command line: mode, persona, skills, {@code --yes}, the context
 * window, the sandbox; the policy and hooks come from the settings file. Shared by run and chat
 * (and suites).
 */
final class ControlOptions {
  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "agent",
      description = "ask (no tools), plan (read-only tools) or agent (all tools; the default).")
  String mode;

  @Option(
      names = "--persona",
      paramLabel = "NAME|FILE",
      description = "productivity (the default), support, or a persona file (Markdown).")
  String persona;

  @Option(
      names = "--skills",
      paramLabel = "DIR",
      description = "Where skills live, one NAME/SKILL.md each (default: ./skills when present).")
  Path skills;

  @Option(
      names = {"-y", "--yes"},
      description = "Approve every call the policy would ask about (unattended runs).")
  boolean yes;

  @Option(
      names = "--context-window",
      paramLabel = "TOKENS",
      description = "The model's context window; older turns are condensed near it.")
  Long contextWindow;

  @Option(
      names = "--sandbox",
      negatable = true,
      description =
          "Run the agent's commands (bash, a suite's checks) under bubblewrap: only the workdir and"
              + " a private /tmp writable, no view of other processes, no network (default: the"
              + " settings' sandbox.enabled, else off).")
  Boolean sandbox;

  @Option(
      names = "--sandbox-network",
      description = "Under --sandbox, let commands use the network.")
  Boolean sandboxNetwork;

  Mode mode() {
    try {
      return Mode.fromWire(mode);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--mode: " + e.getMessage());
    }
  }

  /**
   * The loop options with these controls. {@code lines} is the terminal's input when a person can
   * answer approvals, else null: then an ask is answered by the policy's {@code unattended} rule.
   */
  LoopOptions apply(LoopOptions options, Context context, Lines lines, PrintWriter err) {
    mode();
    if (contextWindow != null && contextWindow < 1) {
      throw new UsageException("--context-window must be at least 1");
    }
    ConfigFile config = ConfigFile.load(context);
    Policy policy = policy(config);
    Controls controls =
        Controls.DEFAULT
            .withPolicy(policy)
            .withApprover(approver(policy, context, lines, err))
            .withHooks(hooks(config))
            .withPersona(persona(context))
            .withSkills(skills(context))
            .withDate(LocalDate.now(ZoneOffset.UTC));
    // --context-window wins over the model catalog's window, which loopOptions already set
    return options.toBuilder()
        .controls(controls)
        .contextWindow(contextWindow != null ? contextWindow : options.contextWindow())
        .build();
  }

  /**
   * Under {@code serve} the browser answers asks (the terminal prompt is not shown): unless {@code
   * --yes}, a run that records through a server gets a {@link ServeApprover}.
   */
  LoopOptions underServe(LoopOptions options, TraceTarget target, PrintWriter err) {
    if (yes || !target.remote()) {
      return options;
    }
    return options.toBuilder()
        .controls(options.controls().withApprover(new ServeApprover(target.client(), err)))
        .build();
  }

  private Approver approver(Policy policy, Context context, Lines lines, PrintWriter err) {
    if (yes) {
      return Approver.YES;
    }
    if (lines == null || !context.terminal()) {
      return Approver.unattended(policy.unattended());
    }
    String user = context.env().getOrDefault("USER", "user");
    return new ConsoleApprover(lines, err, user);
  }

  /**
   * Where the agent's commands run: --sandbox (or the settings' {@code sandbox.enabled}) is
   * bubblewrap, refused at start when bwrap is missing or cannot run here.
   */
  Sandbox sandbox(Context context) {
    ObjectNode section = ConfigFile.load(context).section("sandbox");
    boolean enabled = sandbox != null ? sandbox : section.path("enabled").asBoolean(false);
    boolean network =
        sandboxNetwork != null ? sandboxNetwork : section.path("network").asBoolean(false);
    if (!enabled) {
      if (sandboxNetwork != null) {
        throw new UsageException("--sandbox-network needs --sandbox");
      }
      return Sandbox.NONE;
    }
    return Sandbox.bubblewrap(context.env().get("PATH"), network);
  }

  private static Policy policy(ConfigFile config) {
    try {
      return PolicyConfig.parse(config.section("policy"));
    } catch (IllegalArgumentException e) {
      throw new DistilleryException(config.describe("policy") + ": " + e.getMessage());
    }
  }

  private static Hooks hooks(ConfigFile config) {
    try {
      return HookConfig.parse(config.section("hooks"));
    } catch (IllegalArgumentException e) {
      throw new DistilleryException(config.describe("hooks") + ": " + e.getMessage());
    }
  }

  private Persona persona(Context context) {
    if (persona == null) {
      return Persona.productivity();
    }
    if (Persona.BUNDLED.contains(persona)) {
      return Persona.bundled(persona);
    }
    Path file = context.cwd().resolve(persona);
    if (!Files.isRegularFile(file)) {
      throw new UsageException(
          "--persona "
              + persona
              + ": neither a bundled persona ("
              + String.join(", ", Persona.BUNDLED)
              + ") nor a file");
    }
    try {
      return Persona.load(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new DistilleryException("--persona " + persona + ": " + e.getMessage());
    }
  }

  private Skills skills(Context context) {
    Path dir = context.cwd().resolve(skills == null ? Path.of("skills") : skills);
    if (skills != null && !Files.isDirectory(dir)) {
      throw new UsageException("--skills " + dir + " is not a directory");
    }
    try {
      return Skills.load(dir);
    } catch (IOException | IllegalArgumentException e) {
      throw new DistilleryException("skills: " + e.getMessage());
    }
  }
}
