package dev.distillery.runtime.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExampleTextTest {
  @Test
  void should_show_the_first_steps_count_the_rest_and_redact_only_what_it_shows() {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user("List the files."));
    int calls = ExampleText.STEPS + 3;
    for (int i = 0; i < calls; i++) {
      String id = "c" + i;
      messages.add(
          Message.assistant(
              null, List.of(new ToolCall(id, "bash", "{\"command\": \"ls " + i + "\"}"))));
      messages.add(Message.tool(id, "bash", "file" + i));
    }
    messages.add(Message.assistant("Done.", List.of()));
    AtomicInteger redacted = new AtomicInteger();
    String text =
        ExampleText.of(
            1,
            new ExampleRun("r1", "t1", "List the files.", "correct", "people", null, 1.0, true),
            messages,
            s -> {
              redacted.incrementAndGet();
              return s;
            });

    List<String> lines = text.lines().toList();
    assertEquals(ExampleText.STEPS, lines.stream().filter(l -> l.startsWith("- bash ")).count());
    assertTrue(lines.contains("- bash {\"command\": \"ls 11\"} -> file11"), text);
    assertTrue(lines.contains("- (3 more steps)"), text);
    assertTrue(lines.contains("Answer: Done."), text);
    // the task, the answer, and an argument and a result a step shown: nothing of the steps cut
    assertEquals(2 + 2 * ExampleText.STEPS, redacted.get());
  }
}
