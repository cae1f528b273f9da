package dev.distillery.runtime.judge;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.Usage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Grades runs with a model: sends the rubric and the run, written compactly ({@link JudgeText}) to
 * fit the model's context window, and reads the verdict back as structured output: a forced call of
 * {@code record_verdict} with native tools, the same call as text for models without them (the
 * client's {@code TextToolCallClient} reads it). A call that fails after its retries, or an answer
 * that is not one well-formed verdict, is a {@link Grading} with an error, never a verdict.
 * Thread-safe: one judge grades many runs at once.
 */
public final class Judge {
  /** Tokens of the window kept for the instructions, the tool and the reply. */
  static final int RESERVE_TOKENS = 2_000;

  /** The run's text is at most this long however large the window (about 25k tokens). */
  static final int MAX_RUN_CHARS = 100_000;

  /** Assumed when the catalog does not know the model's window. */
  public static final int DEFAULT_WINDOW = 16_384;

  /**
   * @param model the model's name as sent to the provider
   * @param contextWindow the model's window in tokens ({@link #DEFAULT_WINDOW} when unknown)
   * @param nativeTools whether the model takes tools as structured specs (the call is then forced)
   * @param tags the failure tags a verdict may carry; empty for any
   */
  public record Options(String model, int contextWindow, boolean nativeTools, List<String> tags) {
    public Options {
      Objects.requireNonNull(model, "model");
      tags = List.copyOf(tags);
    }
  }

  private final ModelClient client;
  private final Pricing pricing;
  private final Options options;
  private final UnaryOperator<String> redact;

  /**
   * @param redact removes secrets from the run before the judge sees it, as export does
   */
  public Judge(ModelClient client, Pricing pricing, Options options, UnaryOperator<String> redact) {
    this.client = Objects.requireNonNull(client, "client");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.options = Objects.requireNonNull(options, "options");
    this.redact = Objects.requireNonNull(redact, "redact");
  }

  public Grading grade(RunTrace trace, Rubric rubric) {
    String instructions = JudgePrompt.instructions(rubric, options.tags());
    int room =
        Math.min(
            MAX_RUN_CHARS,
            Math.max(
                2_000, (options.contextWindow() - RESERVE_TOKENS) * 4 - instructions.length()));
    JudgeText.Rendered run = JudgeText.of(trace, room, redact);
    ChatRequest request =
        new ChatRequest(
            options.model(),
            List.of(
                Message.system(instructions + JudgePrompt.leftOut(run.leftOut())),
                Message.user(JudgePrompt.RUN_HEADER + run.text())),
            List.of(VerdictTool.spec(options.tags())),
            parameters(),
            trace.run().id(),
            trace.run().spec().taskId(),
            trace.run().spec().attempt());
    String requestJson = Exchange.request(request);
    ChatReply reply;
    try {
      reply = client.complete(request);
    } catch (ModelException e) {
      return new Grading(
          null, e.getMessage(), requestJson, null, Usage.ZERO, null, e.retries(), run.leftOut());
    }
    Double cost = pricing.costUsd(options.model(), reply.usage()).orElse(null);
    String replyJson = Exchange.reply(reply);
    try {
      Verdict verdict = VerdictTool.read(reply.message(), options.tags(), run.stepIds());
      return new Grading(
          verdict,
          null,
          requestJson,
          replyJson,
          reply.usage(),
          cost,
          reply.retries(),
          run.leftOut());
    } catch (MalformedVerdictException e) {
      return new Grading(
          null,
          e.getMessage(),
          requestJson,
          replyJson,
          reply.usage(),
          cost,
          reply.retries(),
          run.leftOut());
    }
  }

  private Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("temperature", 0);
    if (options.nativeTools()) {
      // in this order on the wire, as OpenAI documents it
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", VerdictTool.NAME);
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("type", "function");
      choice.put("function", function);
      parameters.put("tool_choice", choice);
    }
    return parameters;
  }
}
