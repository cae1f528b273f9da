package dev.distillery.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.learn.Lesson;
import dev.distillery.runtime.learn.Lessons;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.prompts.Mode;
import dev.distillery.runtime.tools.ToolContext;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * One run's conversation. Each {@link #send} is a user request that the loop works on until the
 * model answers without calling a tool; {@link #finish} grades and closes the run. Not thread-safe:
 * one thread drives a session.
 *
 * <p>The session orchestrates; its parts do the jobs: the {@link Conversation} (message log and
 * window), {@link Spend} (usage, cost and budgets), {@link Stops} (how a request ends when it does
 * not end in an answer), the {@link ToolRunner} and the {@link Checkpointer}.
 */
public final class ChatSession {
  private static final ObjectMapper JSON = Json.MAPPER;

  private final ModelClient client;
  private final LoopOptions options;
  private final RunSpec spec;
  private final Path workingDirectory;
  private final RunRecorder recorder;
  private final Checkpointer checkpointer;
  private final Mode mode;
  private final ToolRegistry offered;
  private final ContextCompaction compaction;
  private final long startNanos = System.nanoTime();
  private final Deadline deadline;
  private final Conversation conversation = new Conversation();
  private final Spend spend;
  private final Stops stops;
  private final ToolRunner tools;
  private TurnResult last;
  private RunResult result;

  ChatSession(
      ModelClient client,
      ToolRegistry tools,
      LoopOptions options,
      Pricing pricing,
      Clock clock,
      RunSpec spec,
      Path workingDirectory,
      RunRecorder recorder,
      Checkpointer checkpointer) {
    this.client = client;
    this.options = options;
    this.spec = spec;
    this.workingDirectory = workingDirectory;
    this.recorder = recorder;
    this.checkpointer = checkpointer;
    this.mode = SessionTools.mode(spec);
    this.offered = SessionTools.offered(tools, mode, options.controls());
    this.compaction = ContextCompaction.of(options, client, recorder, spec);
    this.deadline = new Deadline(options.timeLimit(), startNanos);
    this.spend = new Spend(pricing, options);
    this.stops = new Stops(recorder, deadline, conversation);
    this.tools =
        new ToolRunner(
            recorder,
            offered,
            new ToolGate(options.controls(), recorder, workingDirectory, clock),
            new ToolContext(workingDirectory, options.toolTimeout(), options.maxToolOutputBytes()),
            conversation);
  }

  public String runId() {
    return recorder.runId();
  }

  void begin(Provisioner provisioner) {
    started();
    conversation.append(Message.system(learned(systemPrompt())));
    provisionAgain(provisioner);
  }

  /** Provisions the workspace; a failure ends the run, a success is checkpoint 0. */
  void provisionAgain(Provisioner provisioner) {
    recorder.enter(LoopState.PROVISION);
    try {
      provisioner.provision(workingDirectory);
    } catch (Exception e) {
      recorder.record(null, null, new EventPayload.Error("provision_error", e.getMessage(), false));
      last =
          new TurnResult(
              RunStatus.FAILED,
              "provision_error",
              "the workspace could not be prepared: " + e.getMessage(),
              null,
              0);
      return;
    }
    checkpoint();
  }

  /** Takes over a conversation (a resumed run's own, or a fork's parent's) without a request. */
  void restore(History history) {
    conversation.restore(history);
    spend.restore(history);
    if (conversation.isEmpty()) {
      conversation.append(Message.system(systemPrompt()));
    }
  }

  /** Records a resume of this run, entering the loop's start state again. */
  void resumed(EventPayload.RunResumed event) {
    recorder.record(null, null, event);
    recorder.enter(LoopState.START);
  }

  /** Records the start of a new run (a fork) whose conversation is {@link #restore}d after. */
  void started() {
    recorder.record(null, null, new EventPayload.RunStarted(spec));
    recorder.enter(LoopState.START);
  }

  /**
   * Carries on with the restored conversation: the model's answer ends it, else the loop goes on.
   */
  TurnResult carryOn(History history) {
    if (history.answered()) {
      return last = stops.answered(0);
    }
    return last = work(history.turnsSinceUser());
  }

  /** Whether the run can take no more requests (provisioning failed, or it was finished). */
  public boolean ended() {
    return result != null || (last != null && "provision_error".equals(last.outcome()));
  }

  /** One user request: model and tools until a plain answer, a limit, or an error. */
  public TurnResult send(String userText) {
    if (ended()) {
      throw new IllegalStateException("run " + runId() + " has ended");
    }
    Optional<TurnResult> skill = SkillTrigger.run(userText, options, recorder, workingDirectory);
    if (skill.isPresent()) {
      // the command's output is the answer the user gets
      conversation.lastText(skill.get().finalText());
      return last = skill.get();
    }
    conversation.append(Message.user(userText));
    return last = work(0);
  }

  private TurnResult work(int turnsBefore) {
    int turns = turnsBefore;
    while (true) {
      TurnResult stop = steer(turns);
      if (stop != null) {
        return last = stop;
      }
      recorder.enter(LoopState.MODEL_CALL);
      try {
        Optional<String> overflow = deadline.bound(this::compact);
        if (overflow.isPresent()) {
          return last = stops.contextOverflow(overflow.get(), turns);
        }
      } catch (Deadline.Passed e) {
        return last = stops.timeLimitCut(null, turns, "the summary call of compaction");
      } catch (ModelException e) {
        return last = stops.compactionFailed(e, turns);
      }
      TraceEvent request =
          recorder.record(null, null, conversation.request(offered.specs(), parametersJson()));
      ChatReply reply;
      try {
        reply = deadline.bound(() -> client.complete(chatRequest()));
      } catch (Deadline.Passed e) {
        return last = stops.timeLimitCut(request, turns, "a model call");
      } catch (ModelException e) {
        return last = stops.modelFailed(request, e, turns);
      }
      TraceEvent response = recordResponse(request, reply);
      turns++;
      Optional<TurnResult> unusable = ReplyCheck.failed(reply, conversation.lastText(), turns);
      if (unusable.isPresent()) {
        TurnResult failed = stops.unusable(response, unusable.get());
        tools.notRun(response, reply.message().toolCalls());
        return last = failed;
      }
      if (reply.message().toolCalls().isEmpty()) {
        checkpoint();
        return last = stops.answered(turns);
      }
      if (Thread.currentThread().isInterrupted()) {
        return last = stops.interrupted(turns);
      }
      recorder.enter(LoopState.TOOL_EXECUTION);
      tools.run(response, reply.message().toolCalls());
      checkpoint();
      recorder.enter(LoopState.STEERING_CHECK);
    }
  }

  /** Grades the attempt (unless interrupted) and records how the run ended. */
  public RunResult finish() {
    return finish(null);
  }

  RunResult finish(Grader grader) {
    if (result != null) {
      return result;
    }
    boolean interrupted = Thread.interrupted();
    TurnResult end = last;
    if (interrupted && (end == null || end.status() != RunStatus.INTERRUPTED)) {
      end = stops.interrupted(end == null ? 0 : end.turns());
    } else if (end == null) {
      end =
          new TurnResult(
              RunStatus.SUCCEEDED, "ended", "the session ended before any request", null, 0);
    }
    recorder.enter(LoopState.TEARDOWN);
    CheckResult check = null;
    if (grader != null && end.status() != RunStatus.INTERRUPTED) {
      check = grader.check(workingDirectory);
      recorder.record(null, check.durationMs(), new EventPayload.CheckFinished(check));
    }
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    recorder.record(
        null,
        millis,
        new EventPayload.RunFinished(
            end.status(),
            end.outcome(),
            end.reason(),
            spend.turns(),
            spend.usage(),
            spend.costUsd(),
            check));
    result =
        new RunResult(
            runId(),
            end.status(),
            end.outcome(),
            end.reason(),
            spend.turns(),
            spend.usage(),
            spend.costUsd(),
            conversation.lastText(),
            check);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** Why the request stops before its next model call: an interrupt or a limit; null if none. */
  private TurnResult steer(int turns) {
    if (Thread.currentThread().isInterrupted()) {
      return stops.interrupted(turns);
    }
    if (deadline.passed()) {
      return stops.timeLimit(turns);
    }
    Optional<SharedBudget.Exceeded> spent = spend.exceeded();
    if (spent.isPresent()) {
      return stops.budgetExceeded(spent.get().outcome(), spent.get().reason(), turns);
    }
    if (turns >= options.maxTurns()) {
      return stops.turnLimit(options.maxTurns(), turns);
    }
    return null;
  }

  private void checkpoint() {
    EventPayload.Checkpoint checkpoint =
        checkpointer.take(
            runId(),
            recorder.nextSeq(),
            conversation.steps(),
            conversation.size(),
            workingDirectory);
    if (checkpoint != null) {
      recorder.record(null, null, checkpoint);
    }
  }

  /**
   * The system prompt with the worked examples the learner finds for this run, recorded first
   * (which runs, how alike), so that every reader of the trace sees which runs taught which.
   */
  private String learned(String prompt) {
    if (options.learner() == null) {
      return prompt;
    }
    Lesson lesson = options.learner().lesson(spec);
    recorder.record(null, null, Lessons.event(lesson, options.learner().options()));
    return lesson.isEmpty() ? prompt : prompt + "\n\n" + lesson.section();
  }

  private String systemPrompt() {
    return SessionTools.systemPrompt(options, mode, offered, spec, workingDirectory);
  }

  private ChatRequest chatRequest() {
    return new ChatRequest(
        options.model(),
        conversation.windowMessages(),
        offered.specs(),
        options.parameters(),
        runId(),
        spec.taskId(),
        spec.attempt());
  }

  private TraceEvent recordResponse(TraceEvent request, ChatReply reply) {
    Double cost = spend.charge(reply.usage());
    spend.turn();
    TraceEvent event =
        recorder.record(
            request.id(),
            reply.latencyMs(),
            new EventPayload.ModelResponse(
                conversation.nextIndex(),
                reply.message(),
                reply.finishReason(),
                reply.usage(),
                reply.latencyMs(),
                cost,
                reply.retries()));
    conversation.replied(reply.message());
    return event;
  }

  /**
   * Compacts the conversation when the next request would pass the context window's threshold (the
   * summary call is charged like any other); says why not when the request is still over the window
   * after all compaction could do.
   */
  private Optional<String> compact() {
    if (compaction == null) {
      return Optional.empty();
    }
    conversation
        .compact(compaction, offered.specs())
        .ifPresent(done -> spend.charge(done.summaryUsage()));
    return conversation.overflow(compaction, offered.specs());
  }

  private String parametersJson() {
    try {
      return JSON.writeValueAsString(options.parameters());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the model parameters cannot be written as JSON", e);
    }
  }
}
