package dev.distillery.export;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import java.time.Instant;
import java.util.List;

/**
 * A store with known runs, each recorded event by event:
 *
 * <ul>
 *   <li>t1 #1 correct (ann said incorrect, then changed her mind): writes a file, then cats .env;
 *       its prompt holds an OpenAI key and the cat's output an AWS key
 *   <li>t1 #2 incorrect (human): the DPO partner of t1 #1
 *   <li>t2 #1 unlabelled, check passed; t2 #2 unlabelled, check failed
 *   <li>t3 #1 disputed: ann says correct, bob incorrect
 *   <li>t4 #1 correct: two calls in one turn (run_tests offered to it alone), one of them a tool
 *       error; a URL with credentials
 *   <li>t5 #1 correct: a call whose arguments are not JSON
 *   <li>ad-hoc (no task) correct: no tools offered
 *   <li>t6 #1 ann and bob correct, cy incorrect: disputed, or correct by majority
 *   <li>t7 #1 correct, but its last model call failed: no final answer
 * </ul>
 */
final class Fixture {
  static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String OPENAI_KEY = "sk-proj-abcDEF123_456-xyz";
  static final String SYSTEM = "You are a careful coding agent.";
  static final String T1_PROMPT = "Create notes.txt. My key is " + OPENAI_KEY;
  static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

  final FakeTraceRepository repository = new FakeTraceRepository();
  final List<Run> runs;

  Fixture() {
    ToolCall write =
        call("call_1", "write_file", "{\"path\": \"notes.txt\", \"content\": \"hello\"}");
    ToolCall cat = call("call_2", "bash", "{\"command\": \"cat .env\"}");
    ToolCall list = call("call_1", "list_files", "{}");
    ToolCall tests = call("call_2", "run_tests", "{}");
    ToolCall broken = call("call_1", "bash", "{\"command\": ");
    ToolCall ls = call("call_1", "bash", "{\"command\": \"ls\"}");
    runs =
        List.of(
            recorder("run-01", "t1", 1, T1_PROMPT)
                .reply("Writing the file.", write)
                .result(write, "wrote 5 bytes", false)
                .reply(null, cat)
                .result(cat, "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n", false)
                .reply("Done: notes.txt written.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS),
            recorder("run-02", "t1", 2, T1_PROMPT)
                .reply("I cannot do that.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL),
            recorder("run-03", "t2", 1, "Say hi")
                .reply("hi")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS),
            recorder("run-04", "t2", 2, "Say hi")
                .reply("bye")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL),
            recorder("run-05", "t3", 1, "Say bye")
                .reply("bye")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL),
            recorder("run-06", "t4", 1, "List the files and run the tests")
                .tools(
                    RunRecorder.WRITE_FILE,
                    RunRecorder.BASH,
                    RunRecorder.LIST_FILES,
                    RunRecorder.RUN_TESTS)
                .reply(null, list, tests)
                .result(
                    list,
                    "notes.txt\n.git/config: url = https://bob:hunter2@git.example.com/repo.git",
                    false)
                .result(tests, "no tests to run", true)
                .reply("Listed; there are no tests.")
                .finish(RunStatus.SUCCEEDED, "answered", null),
            recorder("run-07", "t5", 1, "Broken call")
                .reply(null, broken)
                .result(broken, "arguments are not valid JSON", true)
                .reply("Gave up.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL),
            recorder("run-08", null, 1, "What is 2+2?")
                .tools()
                .reply("4")
                .finish(RunStatus.SUCCEEDED, "answered", null),
            recorder("run-09", "t6", 1, "Say yes")
                .reply("yes")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS),
            recorder("run-10", "t7", 1, "Explain the repo")
                .reply(null, ls)
                .result(ls, "README.md", false)
                .failedRequest("rate_limited")
                .finish(RunStatus.FAILED, "model_error", null));
    label("run-01", "ann", "incorrect", 0);
    label("run-01", "ann", "correct", 1);
    label("run-02", "ann", "incorrect", 0);
    label("run-05", "ann", "correct", 0);
    label("run-05", "bob", "incorrect", 0);
    label("run-06", "ann", "correct", 0);
    label("run-07", "ann", "correct", 0);
    label("run-08", "ann", "correct", 0);
    label("run-09", "ann", "correct", 0);
    label("run-09", "bob", "correct", 0);
    label("run-09", "cy", "incorrect", 0);
    label("run-10", "ann", "correct", 0);
  }

  private RunRecorder recorder(String id, String task, int attempt, String prompt) {
    RunSpec spec =
        new RunSpec(
            prompt,
            task,
            "suite-1",
            attempt,
            "gpt-4o-mini",
            "scripted",
            "agent",
            "/work/" + id,
            null,
            null,
            "{\"note\": \"fixture\"}");
    int n = Integer.parseInt(id.substring(4));
    return new RunRecorder(repository, id, spec, T0.plusSeconds(3600L * n))
        .system(SYSTEM)
        .user(prompt);
  }

  private void label(String run, String author, String label, int hour) {
    repository.annotate(
        new Annotation(
            run + "-" + author + "-" + hour,
            run,
            null,
            author,
            label,
            List.of(),
            null,
            T0.plusSeconds(100_000L + 3600L * hour)));
  }

  static ToolCall call(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }
}
