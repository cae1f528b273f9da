package dev.distillery.annotate;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A run's events as rendered steps, numbered by model turn. */
final class Timeline {
  private Timeline() {}

  /**
   * A step's HTML and its position in the run.
   *
   * @param machinery whether the run page folds it ({@link Conversation#machinery})
   */
  record Step(long seq, String html, boolean machinery) {}

  /** The steps after {@code afterSeq} (all of them for -1), with their step flags. */
  static List<Step> steps(List<TraceEvent> events, List<Annotation> annotations, long afterSeq) {
    Map<String, List<Annotation>> flags =
        annotations.stream()
            .filter(a -> a.eventId() != null)
            .collect(Collectors.groupingBy(Annotation::eventId));
    List<Step> steps = new ArrayList<>();
    int turn = 1;
    for (TraceEvent event : events) {
      if (event.seq() > afterSeq) {
        String html = StepView.render(event, turn, flags.getOrDefault(event.id(), List.of()));
        steps.add(new Step(event.seq(), html, Conversation.machinery(event)));
      }
      if (event.kind() == EventKind.MODEL_RESPONSE) {
        turn++;
      }
    }
    return steps;
  }
}
