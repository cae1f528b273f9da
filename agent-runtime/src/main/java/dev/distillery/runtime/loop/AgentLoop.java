package dev.distillery.runtime.loop;

import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The agent loop: call the model; if it asked for tools, run them, append their results and call
 * again; stop on a plain answer, at the turn cap, or on an error it cannot recover from. Every step
 * is recorded through the sink before the next one is taken.
 */
public final class AgentLoop {
  private final ModelClient client;
  private final ToolRegistry tools;
  private final TraceSink sink;
  private final LoopOptions options;
  private final Pricing pricing;
  private final Clock clock;
  private Checkpointer checkpointer = Checkpointer.NONE;

  public AgentLoop(
      ModelClient client,
      ToolRegistry tools,
      TraceSink sink,
      LoopOptions options,
      Pricing pricing) {
    this(client, tools, sink, options, pricing, Clock.systemUTC());
  }

  AgentLoop(
      ModelClient client,
      ToolRegistry tools,
      TraceSink sink,
      LoopOptions options,
      Pricing pricing,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = Objects.requireNonNull(options, "options");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.clock = clock;
  }

  /** This loop, making a checkpoint after every completed step of its runs. */
  public AgentLoop withCheckpoints(Checkpointer checkpoints) {
    this.checkpointer = Objects.requireNonNull(checkpoints, "checkpoints");
    return this;
  }

  /**
   * Continues an interrupted run in place: records {@code resumed} as event {@code firstSeq}, takes
   * over {@code history} (its conversation up to the checkpoint it resumes from) and goes on until
   * the run ends. An empty history starts the request over, provisioning first.
   */
  public RunResult resume(
      RunSpec spec,
      String runId,
      long firstSeq,
      EventPayload.RunResumed resumed,
      History history,
      Path workingDirectory,
      Provisioner provisioner,
      Grader grader) {
    ChatSession session =
        session(spec, workingDirectory, new RunRecorder(sink, runId, clock, firstSeq));
    session.resumed(resumed);
    if (history.messages().isEmpty()) {
      session.restore(history);
      session.provisionAgain(provisioner);
      if (!session.ended()) {
        session.send(spec.taskPrompt());
      }
    } else {
      session.restore(history);
      session.carryOn(history);
    }
    return session.finish(grader);
  }

  /**
   * A new run ({@code spec} names its parent) that takes over {@code history} in a workspace
   * already restored, then answers {@code prompt} as a new user request, or carries on where the
   * history stops when {@code prompt} is null.
   */
  public RunResult fork(
      RunSpec spec,
      String runId,
      History history,
      String prompt,
      Path workingDirectory,
      Grader grader) {
    ChatSession session = session(spec, workingDirectory, new RunRecorder(sink, runId, clock, 0));
    session.started();
    session.restore(history.asNewRun());
    if (prompt != null) {
      session.send(prompt);
    } else if (history.messages().isEmpty()) {
      session.send(spec.taskPrompt());
    } else {
      session.carryOn(history);
    }
    return session.finish(grader);
  }

  private ChatSession session(RunSpec spec, Path workingDirectory, RunRecorder recorder) {
    return new ChatSession(
        client, tools, options, pricing, clock, spec, workingDirectory, recorder, checkpointer);
  }

  /** One request, start to finish, without a grader. */
  public RunResult run(RunSpec spec, Path workingDirectory, Grader grader) {
    return run(spec, workingDirectory, Provisioner.NONE, grader);
  }

  /** One request, start to finish: provision, loop, grade, record how it ended. */
  public RunResult run(
      RunSpec spec, Path workingDirectory, Provisioner provisioner, Grader grader) {
    ChatSession session = start(spec, workingDirectory, provisioner);
    if (!session.ended()) {
      session.send(spec.taskPrompt());
    }
    return session.finish(grader);
  }

  /** A session whose {@link ChatSession#send} calls extend one run (the REPL). */
  public ChatSession startSession(RunSpec spec, Path workingDirectory) {
    return start(spec, workingDirectory, Provisioner.NONE);
  }

  private ChatSession start(RunSpec spec, Path workingDirectory, Provisioner provisioner) {
    ChatSession session =
        session(
            spec, workingDirectory, new RunRecorder(sink, dev.distillery.trace.Ids.newId(), clock));
    session.begin(provisioner);
    return session;
  }
}
