package dev.distillery.export;

import dev.distillery.export.select.RunLabel;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.Run;
import dev.distillery.trace.TaskKey;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run as a dataset sees it: exactly the messages of its last model request plus the reply to
 * that request, the tools offered in it, the run's label, events and annotations.
 *
 * @param messages what the model saw in its last request, then its reply
 * @param indexes each message's number in the run's message log, parallel to {@code messages}
 */
public record Trajectory(
    Run run,
    List<Message> messages,
    List<Integer> indexes,
    List<ToolSpec> tools,
    RunLabel label,
    List<TraceEvent> events,
    List<Annotation> annotations) {
  public Trajectory {
    messages = List.copyOf(messages);
    indexes = List.copyOf(indexes);
    tools = List.copyOf(tools);
    events = List.copyOf(events);
    annotations = List.copyOf(annotations);
    if (indexes.size() != messages.size()) {
      throw new IllegalArgumentException("one index per message");
    }
  }

  /** Reads one run's conversation: its last request rebuilt, and the response to it if any. */
  public static Trajectory load(
      TraceRepository repository, Run run, RunLabel label, List<Annotation> annotations) {
    return of(run, repository.events(run.id()), repository.messages(run.id()), label, annotations);
  }

  /**
   * The run's conversation from its events and message log: its last request rebuilt, and the
   * response to it if any.
   */
  public static Trajectory of(
      Run run,
      List<TraceEvent> events,
      List<Message> log,
      RunLabel label,
      List<Annotation> annotations) {
    EventPayload.ModelRequest lastRequest = null;
    EventPayload.ModelResponse lastResponse = null;
    for (TraceEvent event : events) {
      if (event.payload() instanceof EventPayload.ModelRequest request) {
        lastRequest = request;
        lastResponse = null;
      } else if (event.payload() instanceof EventPayload.ModelResponse response) {
        lastResponse = response;
      }
    }
    List<Message> messages = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<ToolSpec> tools = List.of();
    if (lastRequest != null) {
      messages.addAll(TraceRepository.requestMessages(run.id(), log, lastRequest));
      indexes.addAll(lastRequest.context());
      tools = lastRequest.tools();
      if (lastResponse != null) {
        messages.add(lastResponse.message());
        indexes.add(lastResponse.index());
      }
    }
    return new Trajectory(run, messages, indexes, tools, label, events, annotations);
  }

  /** The messages before the first assistant turn: system prompt and user request. */
  public List<Message> prompt() {
    return messages.subList(0, firstAssistant());
  }

  /** Everything from the first assistant turn on. */
  public List<Message> completion() {
    return messages.subList(firstAssistant(), messages.size());
  }

  /** The last message, when it is an assistant message; else null. */
  public Message finalAssistant() {
    if (messages.isEmpty()) {
      return null;
    }
    Message last = messages.get(messages.size() - 1);
    return last.role() == Role.ASSISTANT ? last : null;
  }

  /**
   * Where a preference pair's completions start in TRL's rows, which hold each attempt's whole rest
   * of the conversation. For a fork and the run it was forked from, or two forks of one run, the
   * history they share is the prompt ({@link #divergence}). Other attempts keep their request as
   * the prompt: each completion then follows its prompt exactly, whatever the attempts did alike.
   */
  public static int pairPromptLength(Trajectory chosen, Trajectory rejected) {
    return forkedTogether(chosen.run(), rejected.run())
        ? divergence(chosen, rejected)
        : chosen.firstAssistant();
  }

  /**
   * The first assistant turn at which two attempts at one prompt part: the length of the longest
   * history they share (messages alike but for the ids of tool calls, which each run draws anew),
   * cut back so that both go on with an assistant turn there; never before their first one. The
   * shared history is what both outputs follow, so a preference between those two turns compares
   * answers to the same input. Where the attempts first differ in a tool result, not in a turn of
   * the model, the turns at the returned index are alike.
   */
  public static int divergence(Trajectory chosen, Trajectory rejected) {
    int first = chosen.firstAssistant();
    List<Message> a = chosen.messages();
    List<Message> b = rejected.messages();
    int shared = 0;
    while (shared < a.size() && shared < b.size() && alike(a.get(shared), b.get(shared))) {
      shared++;
    }
    while (shared > first
        && !(shared < a.size()
            && shared < b.size()
            && a.get(shared).role() == Role.ASSISTANT
            && b.get(shared).role() == Role.ASSISTANT)) {
      shared--;
    }
    return Math.max(shared, first);
  }

  /** The same message but perhaps for tool-call ids. */
  public static boolean alike(Message x, Message y) {
    if (x.role() != y.role()
        || !Objects.equals(x.content(), y.content())
        || !Objects.equals(x.name(), y.name())
        || x.toolCalls().size() != y.toolCalls().size()) {
      return false;
    }
    for (int i = 0; i < x.toolCalls().size(); i++) {
      ToolCall p = x.toolCalls().get(i);
      ToolCall q = y.toolCalls().get(i);
      if (!p.name().equals(q.name()) || !Objects.equals(p.argumentsJson(), q.argumentsJson())) {
        return false;
      }
    }
    return true;
  }

  private static boolean forkedTogether(Run x, Run y) {
    String xParent = x.spec().parentEventId() == null ? null : x.spec().parentRunId();
    String yParent = y.spec().parentEventId() == null ? null : y.spec().parentRunId();
    return (xParent != null && (xParent.equals(y.id()) || xParent.equals(yParent)))
        || (yParent != null && yParent.equals(x.id()));
  }

  /** The key that decides a run's split: its task, else its prompt. */
  public String taskKey() {
    return TaskKey.of(run.spec());
  }

  private int firstAssistant() {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).role() == Role.ASSISTANT) {
        return i;
      }
    }
    return messages.size();
  }
}
