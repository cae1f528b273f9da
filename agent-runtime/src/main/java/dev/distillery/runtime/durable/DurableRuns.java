package dev.distillery.runtime.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.Grader;
import dev.distillery.runtime.loop.History;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.suite.CommandCheck;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Role;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Resume, fork and retry over what a repository recorded. Finds where to start (a run's last
 * checkpoint, the checkpoint at or before a fork's event), restores the workspace from its snapshot
 * and hands the conversation to the loop.
 */
public final class DurableRuns {
  private static final ObjectMapper JSON = Json.MAPPER;

  private final TraceRepository repository;

  public DurableRuns(TraceRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  /**
   * Where an interrupted run continues from.
   *
   * @param checkpoint its last checkpoint event, or null when it has none (it starts over)
   * @param nextSeq the seq number its next event gets
   * @param reason why it stopped, from its last run_finished event
   */
  public record Resumable(
      Run run, TraceEvent checkpoint, History history, long nextSeq, String reason) {}

  /**
   * Where a fork starts: the parent's event it was asked for, and the checkpoint at or before it.
   *
   * @param checkpoint null when the parent has no checkpoint that early (the fork starts over)
   */
  public record ForkPoint(Run parent, TraceEvent at, TraceEvent checkpoint, History history) {}

  /**
   * @throws DistilleryException when there is no such run, or it is not interrupted
   */
  public Resumable resumable(String runIdOrPrefix) {
    Run run = find(runIdOrPrefix);
    if (run.status() != RunStatus.INTERRUPTED) {
      throw new DistilleryException(
          "run "
              + run.id()
              + " is "
              + run.status().wire()
              + (run.outcome() == null ? "" : " (" + run.outcome() + ")")
              + ": only an interrupted run can be resumed; distillery fork or distillery retry"
              + " start a new one from it");
    }
    List<TraceEvent> events = repository.events(run.id());
    TraceEvent checkpoint = null;
    for (TraceEvent event : events) {
      if (event.kind() == EventKind.CHECKPOINT) {
        checkpoint = event;
      }
    }
    History history = HistoryReplay.at(events, checkpoint == null ? null : checkpoint.id());
    long nextSeq = events.isEmpty() ? 0 : events.get(events.size() - 1).seq() + 1;
    return new Resumable(run, checkpoint, history, nextSeq, run.reason());
  }

  /**
   * Continues the run in place: restores its workspace from the checkpoint's snapshot (when it has
   * one) and goes on from there. Without a checkpoint it provisions again and starts over.
   */
  public RunResult resume(
      Resumable point,
      AgentLoop loop,
      WorkspaceCheckpointer checkpoints,
      Path workingDirectory,
      Provisioner provisioner,
      Grader grader) {
    String snapshot = snapshot(point.checkpoint());
    if (snapshot != null) {
      checkpoints.restore(point.run().id(), Path.of(snapshot), workingDirectory);
    } else {
      createDirectories(workingDirectory);
    }
    int step =
        point.checkpoint() == null
            ? 0
            : ((EventPayload.Checkpoint) point.checkpoint().payload()).step();
    EventPayload.RunResumed resumed =
        new EventPayload.RunResumed(
            point.checkpoint() == null ? null : point.checkpoint().id(),
            step,
            snapshot,
            point.reason());
    try {
      return loop.resume(
          point.run().spec(),
          point.run().id(),
          point.nextSeq(),
          resumed,
          point.history(),
          workingDirectory,
          point.checkpoint() == null ? provisioner : Provisioner.NONE,
          grader);
    } finally {
      checkpoints.forget(point.run().id());
    }
  }

  /**
   * @param at an event id, a unique prefix of one, or a seq number ({@code 12} or {@code #12})
   * @throws DistilleryException when there is no such run or event
   */
  public ForkPoint forkPoint(String runIdOrPrefix, String at) {
    Run parent = find(runIdOrPrefix);
    List<TraceEvent> events = repository.events(parent.id());
    TraceEvent target = event(parent, events, at);
    TraceEvent checkpoint = null;
    for (TraceEvent event : events) {
      if (event.seq() <= target.seq() && event.kind() == EventKind.CHECKPOINT) {
        checkpoint = event;
      }
    }
    History history = HistoryReplay.at(events, checkpoint == null ? null : checkpoint.id());
    return new ForkPoint(parent, target, checkpoint, history);
  }

  /**
   * A new run with the parent's history up to the fork point, in a new workspace restored from the
   * checkpoint's snapshot. {@code prompt}, when given, is a new user request after that history;
   * when the history holds no model turn yet it replaces the task prompt instead.
   */
  public RunResult fork(
      ForkPoint point,
      String prompt,
      AgentLoop loop,
      WorkspaceCheckpointer checkpoints,
      Path workingDirectory,
      Grader grader) {
    String runId = Ids.newId();
    String snapshot = snapshot(point.checkpoint());
    if (snapshot != null) {
      checkpoints.restore(runId, Path.of(snapshot), workingDirectory);
    } else {
      createDirectories(workingDirectory);
    }
    History history = point.history();
    boolean noTurnYet = history.messages().stream().noneMatch(m -> m.role() == Role.ASSISTANT);
    if (prompt != null && noTurnYet) {
      history = History.EMPTY;
    }
    String task = prompt != null && noTurnYet ? prompt : point.parent().spec().taskPrompt();
    RunSpec spec =
        point
            .parent()
            .spec()
            .forkedAt(point.parent().id(), point.at().id(), task, workingDirectory.toString());
    try {
      return loop.fork(
          spec,
          runId,
          history,
          prompt != null && noTurnYet ? null : prompt,
          workingDirectory,
          grader);
    } finally {
      checkpoints.forget(runId);
    }
  }

  /**
   * Fills {@code workingDirectory} with what the run's workspace held before its first model turn
   * (its step-0 checkpoint's snapshot); false when the run has no such snapshot.
   */
  public boolean restoreStart(Run run, WorkspaceCheckpointer checkpoints, Path workingDirectory) {
    for (TraceEvent event : repository.events(run.id())) {
      if (event.payload() instanceof EventPayload.Checkpoint checkpoint
          && checkpoint.step() == 0
          && checkpoint.snapshot() != null
          && Files.isDirectory(Path.of(checkpoint.snapshot()))) {
        checkpoints.restore(run.id(), Path.of(checkpoint.snapshot()), workingDirectory);
        checkpoints.forget(run.id());
        return true;
      }
    }
    return false;
  }

  /** A new attempt at the parent's task, from the start, linked to the parent. */
  public RunResult retry(
      Run parent, AgentLoop loop, Path workingDirectory, Provisioner provisioner, Grader grader) {
    if (provisioner == Provisioner.NONE) {
      createDirectories(workingDirectory);
    }
    int attempt =
        repository.family(parent.id()).stream()
                .filter(run -> Objects.equals(run.spec().taskPrompt(), parent.spec().taskPrompt()))
                .mapToInt(run -> run.spec().attempt())
                .max()
                .orElse(parent.spec().attempt())
            + 1;
    RunSpec spec = parent.spec().retriedAs(parent.id(), attempt, workingDirectory.toString());
    return loop.run(spec, workingDirectory, provisioner, grader);
  }

  /**
   * @throws DistilleryException when there is no such run
   */
  public Run find(String runIdOrPrefix) {
    return repository
        .run(runIdOrPrefix)
        .orElseThrow(() -> new DistilleryException("no run '" + runIdOrPrefix + "' in this store"));
  }

  /** A suite attempt's check, from the run's metadata; null for a run without one. */
  public static Grader grader(RunSpec spec) {
    try {
      JsonNode check = JSON.readTree(spec.metadataJson()).get("check");
      return check == null || !check.isTextual() ? null : new CommandCheck(check.asText());
    } catch (IOException e) {
      return null;
    }
  }

  private static TraceEvent event(Run run, List<TraceEvent> events, String at) {
    String wanted = at.strip();
    if (wanted.matches("#?\\d+")) {
      long seq = Long.parseLong(wanted.replace("#", ""));
      return events.stream()
          .filter(e -> e.seq() == seq)
          .findFirst()
          .orElseThrow(
              () ->
                  new DistilleryException(
                      "run "
                          + run.id()
                          + " has no event #"
                          + seq
                          + " (it has "
                          + events.size()
                          + ")"));
    }
    List<TraceEvent> matching = events.stream().filter(e -> e.id().startsWith(wanted)).toList();
    if (matching.size() != 1) {
      throw new DistilleryException(
          (matching.isEmpty() ? "run " + run.id() + " has no event '" : "several events match '")
              + wanted
              + "' (give an event id, a longer prefix, or a seq number from distillery show)");
    }
    return matching.get(0);
  }

  private static String snapshot(TraceEvent checkpoint) {
    return checkpoint == null ? null : ((EventPayload.Checkpoint) checkpoint.payload()).snapshot();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new DistilleryException("cannot make directory " + directory + ": " + e, e);
    }
  }
}
