package dev.distillery.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.prompts.Mode;
import dev.distillery.runtime.tools.ToolContext;
import dev.distillery.runtime.tools.ToolOutput;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run's conversation. Each {@link #send} is a user request that the loop works on until the
 * model answers without calling a tool; {@link #finish} grades and closes the run. Not thread-safe:
 * one thread drives a session.
 */
public final class ChatSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelClient client;
  private final LoopOptions options;
  private final Pricing pricing;
  private final RunSpec spec;
  private final Path workingDirectory;
  private final RunRecorder recorder;
  private final List<Message> conversation = new ArrayList<>();
  // positions in conversation of the messages the next request holds; compaction leaves old ones
  // out
  private final List<Integer> window = new ArrayList<>();
  // the stored index of each of the first indexes.size() messages; the rest are not stored yet
  private final List<Integer> indexes = new ArrayList<>();
  private final Checkpointer checkpointer;
  private final Mode mode;
  private final ToolRegistry offered;
  private final ToolGate gate;
  private final ContextCompaction compaction;
  private final long startNanos = System.nanoTime();
  private final Deadline deadline;
  private int nextIndex;
  private int turns;
  private Usage usage = Usage.ZERO;
  private Double costUsd;
  private String lastText;
  private TurnResult last;
  private RunResult result;

  ChatSession(
      ModelClient client,
      ToolRegistry tools,
      TraceSink sink,
      LoopOptions options,
      Pricing pricing,
      Clock clock,
      RunSpec spec,
      Path workingDirectory,
      RunRecorder recorder,
      Checkpointer checkpointer) {
    this.client = client;
    this.options = options;
    this.pricing = pricing;
    this.spec = spec;
    this.workingDirectory = workingDirectory;
    this.recorder = recorder;
    this.checkpointer = checkpointer;
    this.mode = SessionTools.mode(spec);
    this.offered = SessionTools.offered(tools, mode, options.controls());
    this.gate = new ToolGate(options.controls(), recorder, workingDirectory, clock);
    this.compaction = ContextCompaction.of(options, client, recorder, spec);
    this.deadline = new Deadline(options.timeLimit(), startNanos);
  }

  public String runId() {
    return recorder.runId();
  }

  void begin(Provisioner provisioner) {
    recorder.record(null, null, new EventPayload.RunStarted(spec));
    recorder.enter(LoopState.START);
    append(Message.system(systemPrompt()));
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
    for (Message message : history.messages()) {
      append(message);
    }
    indexes.addAll(history.indexes());
    nextIndex = history.nextIndex();
    turns = history.turns();
    usage = history.usage();
    costUsd = history.costUsd();
    lastText = history.lastText();
    if (conversation.isEmpty()) {
      append(Message.system(systemPrompt()));
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
      return last =
          new TurnResult(
              RunStatus.SUCCEEDED, "answered", "the model gave a final answer", lastText, 0);
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
      lastText = skill.get().finalText();
      return last = skill.get();
    }
    append(Message.user(userText));
    return last = work(0);
  }

  private TurnResult work(int turnsBefore) {
    int turnsThisRequest = turnsBefore;
    while (true) {
      TurnResult stop = steer(turnsThisRequest);
      if (stop != null) {
        return last = stop;
      }
      recorder.enter(LoopState.MODEL_CALL);
      ChatReply reply;
      try {
        Optional<String> overflow = deadline.bound(this::compact);
        if (overflow.isPresent()) {
          recorder.record(
              null, null, new EventPayload.Error("context_overflow", overflow.get(), false));
          return last =
              new TurnResult(
                  RunStatus.FAILED, "context_overflow", overflow.get(), lastText, turnsThisRequest);
        }
      } catch (Deadline.Passed e) {
        return last = timeLimitCut(null, turnsThisRequest, "the summary call of compaction");
      } catch (ModelException e) {
        return last = compactionFailed(e, turnsThisRequest);
      }
      TraceEvent request = recordRequest();
      try {
        reply = deadline.bound(() -> client.complete(chatRequest()));
      } catch (Deadline.Passed e) {
        return last = timeLimitCut(request, turnsThisRequest, "a model call");
      } catch (ModelException e) {
        return last = modelFailed(request, e, turnsThisRequest);
      }
      TraceEvent response = recordResponse(request, reply);
      turnsThisRequest++;
      Optional<TurnResult> unusable = ReplyCheck.failed(reply, lastText, turnsThisRequest);
      if (unusable.isPresent()) {
        TurnResult failed = unusable.get();
        recorder.record(
            response.id(), null, new EventPayload.Error(failed.outcome(), failed.reason(), false));
        notRun(response, reply.message().toolCalls());
        return last = failed;
      }
      if (reply.message().toolCalls().isEmpty()) {
        checkpoint();
        return last =
            new TurnResult(
                RunStatus.SUCCEEDED,
                "answered",
                "the model gave a final answer",
                lastText,
                turnsThisRequest);
      }
      if (Thread.currentThread().isInterrupted()) {
        return last = interruptedTurn(turnsThisRequest);
      }
      recorder.enter(LoopState.TOOL_EXECUTION);
      runTools(response, reply.message().toolCalls());
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
      end = interruptedTurn(end == null ? 0 : end.turns());
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
            end.status(), end.outcome(), end.reason(), turns, usage, costUsd, check));
    result =
        new RunResult(
            runId(),
            end.status(),
            end.outcome(),
            end.reason(),
            turns,
            usage,
            costUsd,
            lastText,
            check);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  private TurnResult steer(int turnsThisRequest) {
    if (Thread.currentThread().isInterrupted()) {
      return interruptedTurn(turnsThisRequest);
    }
    if (deadline.passed()) {
      return new TurnResult(
          RunStatus.BUDGET_EXCEEDED,
          "time_limit",
          "the run passed its time limit of " + deadline.limit().toSeconds() + "s",
          lastText,
          turnsThisRequest);
    }
    SharedBudget shared = options.controls().sharedBudget();
    Optional<SharedBudget.Exceeded> spent = shared == null ? Optional.empty() : shared.exceeded();
    if (spent.isPresent()) {
      SharedBudget.Exceeded exceeded = spent.get();
      return new TurnResult(
          RunStatus.BUDGET_EXCEEDED,
          exceeded.outcome(),
          exceeded.reason(),
          lastText,
          turnsThisRequest);
    }
    LoopOptions.Budget budget = options.budget();
    if (budget.maxTokens() != null && usage.total() >= budget.maxTokens()) {
      return new TurnResult(
          RunStatus.BUDGET_EXCEEDED,
          "token_limit",
          "the run used " + usage.total() + " tokens, its budget is " + budget.maxTokens(),
          lastText,
          turnsThisRequest);
    }
    if (budget.maxCostUsd() != null && costUsd != null && costUsd >= budget.maxCostUsd()) {
      return new TurnResult(
          RunStatus.BUDGET_EXCEEDED,
          "cost_limit",
          String.format(
              java.util.Locale.ROOT,
              "the run cost $%.4f, its budget is $%.4f",
              costUsd,
              budget.maxCostUsd()),
          lastText,
          turnsThisRequest);
    }
    if (turnsThisRequest >= options.maxTurns()) {
      return new TurnResult(
          RunStatus.BUDGET_EXCEEDED,
          "turn_limit",
          "the model was still calling tools after " + options.maxTurns() + " turns (the turn cap)",
          lastText,
          turnsThisRequest);
    }
    return null;
  }

  private TurnResult interruptedTurn(int turnsThisRequest) {
    return new TurnResult(
        RunStatus.INTERRUPTED,
        "interrupted",
        "the run was interrupted before it finished",
        lastText,
        turnsThisRequest);
  }

  /**
   * Records the request: the messages not stored yet are stored, numbered from the run's next free
   * index, and the context lists the stored index of each message in the window.
   */
  private TraceEvent recordRequest() {
    List<Message> appended = List.copyOf(conversation.subList(indexes.size(), conversation.size()));
    int firstIndex = nextIndex;
    for (int i = 0; i < appended.size(); i++) {
      indexes.add(nextIndex++);
    }
    List<Integer> context = window.stream().map(indexes::get).toList();
    return recorder.record(
        null,
        null,
        new EventPayload.ModelRequest(
            firstIndex, appended, context, offered.specs(), parametersJson()));
  }

  private void checkpoint() {
    int step = (int) conversation.stream().filter(m -> m.role() == Role.ASSISTANT).count();
    EventPayload.Checkpoint checkpoint =
        checkpointer.take(runId(), recorder.nextSeq(), step, conversation.size(), workingDirectory);
    if (checkpoint != null) {
      recorder.record(null, null, checkpoint);
    }
  }

  private String systemPrompt() {
    return SessionTools.systemPrompt(options, mode, offered, spec, workingDirectory);
  }

  private ChatRequest chatRequest() {
    return new ChatRequest(
        options.model(),
        window.stream().map(conversation::get).toList(),
        offered.specs(),
        options.parameters(),
        runId(),
        spec.taskId(),
        spec.attempt());
  }

  /**
   * The time limit passed while {@code during} was in flight: the call was cancelled, and the
   * request (when there was one) is closed by an error event.
   */
  private TurnResult timeLimitCut(TraceEvent request, int turnsThisRequest, String during) {
    String reason =
        "the run passed its time limit of "
            + deadline.limit().toSeconds()
            + "s during "
            + during
            + ", which was cancelled";
    recorder.record(
        request == null ? null : request.id(),
        null,
        new EventPayload.Error("time_limit", reason, false));
    return new TurnResult(
        RunStatus.BUDGET_EXCEEDED, "time_limit", reason, lastText, turnsThisRequest);
  }

  private TurnResult modelFailed(TraceEvent request, ModelException e, int turnsThisRequest) {
    if (Thread.currentThread().isInterrupted()) {
      return interruptedTurn(turnsThisRequest);
    }
    recorder.record(
        request.id(),
        e.elapsedMs(),
        new EventPayload.Error(e.errorType(), e.getMessage(), e.retryable(), e.retries()));
    if (e.retryable()) {
      // the client already retried: the provider is down, which is no fault of the run
      return new TurnResult(
          RunStatus.INTERRUPTED,
          "model_unavailable",
          "the model kept failing after retries ("
              + e.errorType()
              + "): "
              + e.getMessage()
              + "; distillery resume "
              + runId()
              + " continues it",
          lastText,
          turnsThisRequest);
    }
    return new TurnResult(
        RunStatus.FAILED, "model_error", e.getMessage(), lastText, turnsThisRequest);
  }

  private TurnResult compactionFailed(ModelException e, int turnsThisRequest) {
    if (Thread.currentThread().isInterrupted()) {
      return interruptedTurn(turnsThisRequest);
    }
    recorder.record(
        null,
        null,
        new EventPayload.Error(
            e.errorType(),
            "the summary call of compaction failed: " + e.getMessage(),
            e.retryable()));
    return new TurnResult(
        RunStatus.FAILED, "model_error", e.getMessage(), lastText, turnsThisRequest);
  }

  private TraceEvent recordResponse(TraceEvent request, ChatReply reply) {
    Double cost = pricing.costUsd(options.model(), reply.usage()).orElse(null);
    TraceEvent event =
        recorder.record(
            request.id(),
            reply.latencyMs(),
            new EventPayload.ModelResponse(
                nextIndex,
                reply.message(),
                reply.finishReason(),
                reply.usage(),
                reply.latencyMs(),
                cost,
                reply.retries()));
    append(reply.message());
    indexes.add(nextIndex++);
    turns++;
    usage = usage.plus(reply.usage());
    chargeShared(reply.usage(), cost);
    if (cost != null) {
      costUsd = costUsd == null ? cost : costUsd + cost;
    }
    if (reply.message().content() != null && !reply.message().content().isBlank()) {
      lastText = reply.message().content();
    }
    return event;
  }

  private void runTools(TraceEvent response, List<ToolCall> calls) {
    ToolContext context =
        new ToolContext(workingDirectory, options.toolTimeout(), options.maxToolOutputBytes());
    for (ToolCall call : calls) {
      TraceEvent called =
          recorder.record(
              response.id(),
              null,
              new EventPayload.ToolCalled(call.id(), call.name(), call.argumentsJson()));
      long start = System.nanoTime();
      ToolOutput output =
          gate.pass(called, call, () -> offered.call(call.name(), call.argumentsJson(), context));
      long millis = (System.nanoTime() - start) / 1_000_000;
      recorder.record(
          called.id(),
          millis,
          new EventPayload.ToolResult(
              call.id(),
              call.name(),
              output.output(),
              output.exitCode(),
              output.truncated(),
              output.isError()));
      append(Message.tool(call.id(), call.name(), output.output()));
    }
  }

  /**
   * Answers each call of a reply cut at the length limit without running it, so that every call
   * still has its result (a later request of the session stays valid) and says why.
   */
  private void notRun(TraceEvent response, List<ToolCall> calls) {
    String output =
        "not run: the reply was cut at the model's length limit (finish_reason length), so this"
            + " call's arguments may be incomplete";
    for (ToolCall call : calls) {
      TraceEvent called =
          recorder.record(
              response.id(),
              null,
              new EventPayload.ToolCalled(call.id(), call.name(), call.argumentsJson()));
      recorder.record(
          called.id(),
          0L,
          new EventPayload.ToolResult(call.id(), call.name(), output, null, false, true));
      append(Message.tool(call.id(), call.name(), output));
    }
  }

  private void chargeShared(Usage used, Double cost) {
    if (options.controls().sharedBudget() != null) {
      options.controls().sharedBudget().charge(used, cost);
    }
  }

  private void append(Message message) {
    window.add(conversation.size());
    conversation.add(message);
  }

  /**
   * Condenses older turns when the next request would pass the context window's threshold; says why
   * not when the request is still over the window after all compaction could do.
   */
  private Optional<String> compact() {
    if (compaction == null) {
      return Optional.empty();
    }
    compaction
        .apply(conversation, window, offered.specs())
        .ifPresent(
            result -> {
              conversation.addAll(result.added());
              window.clear();
              window.addAll(result.window());
              usage = usage.plus(result.summaryUsage());
              Double cost = pricing.costUsd(options.model(), result.summaryUsage()).orElse(null);
              chargeShared(result.summaryUsage(), cost);
              if (cost != null) {
                costUsd = costUsd == null ? cost : costUsd + cost;
              }
            });
    return compaction.overflow(conversation, window, offered.specs());
  }

  private String parametersJson() {
    try {
      return JSON.writeValueAsString(options.parameters());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the model parameters cannot be written as JSON", e);
    }
  }
}
