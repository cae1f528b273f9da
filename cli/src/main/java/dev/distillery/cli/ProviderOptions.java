package dev.distillery.cli;

import dev.distillery.runtime.model.ModelCatalog;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelInfo;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.StreamListener;
import dev.distillery.runtime.model.openai.OpenAiCompatibleClient;
import dev.distillery.runtime.model.openai.OpenAiConfig;
import dev.distillery.runtime.model.openai.Provider;
import dev.distillery.runtime.model.openai.Providers.Choice;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.model.texttools.TextToolCallClient;
import dev.distillery.trace.DistilleryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which model a command talks to — provider, endpoint, key, streaming, tool-call format, from the
 * flags, the environment and the settings file (docs/models.md). Shared by run and chat (through
 * {@link ModelOptions}, which adds the loop's limits) and by judge.
 */
final class ProviderOptions {
  static final String DEFAULT_MODEL = "llama3.2";

  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      description =
          "Model name, or PROVIDER/MODEL for a named provider such as openai/gpt-4o-mini"
              + " (default: $DISTILLERY_MODEL, else "
              + DEFAULT_MODEL
              + ").")
  String model;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "OpenAI-compatible endpoint (default: the provider's, else $OPENAI_BASE_URL, else a local"
              + " Ollama at http://localhost:11434/v1).")
  String baseUrl;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "API key (default: the provider's variable, else $OPENAI_API_KEY). Never recorded or"
              + " logged.")
  String apiKey;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description = "Replay model replies from a JSON script instead of calling a model.")
  Path script;

  @Option(
      names = "--no-stream",
      description =
          "Ask for whole replies, not streamed ones (streaming is on where the model has it).")
  boolean noStream;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private String toolCalls;

  @Option(
      names = "--tool-calls",
      paramLabel = "native|text",
      description =
          "How the model calls tools: native (structured) or text (<tool_call> tags); default from"
              + " the model catalog.")
  void toolCalls(String format) {
    if (!format.equals("native") && !format.equals("text")) {
      throw new ParameterException(
          mixee.commandLine(), "--tool-calls must be native or text, not \"" + format + "\"");
    }
    toolCalls = format;
  }

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      description =
          "Give up one try of a model call after this many seconds (the whole reply, streamed or"
              + " not); it is retried like a timeout (default: the provider's, else no bound but"
              + " 300 s without a byte).")
  void requestTimeout(long seconds) {
    if (seconds < 1) {
      throw new ParameterException(
          mixee.commandLine(), "--request-timeout must be at least 1 second, not " + seconds);
    }
    requestTimeoutSeconds = seconds;
  }

  private Long requestTimeoutSeconds;

  private ModelSettings settings;

  /** The model, whole replies only (suites, where no one watches the text). */
  ModelClient client(Context context) {
    return client(context, null);
  }

  /**
   * The model. With {@code live}, replies stream where the catalog says the model can, and their
   * text goes to {@code live} as it arrives. Models without native tool calls get them as text.
   */
  ModelClient client(Context context, StreamListener live) {
    Choice choice = choice(context);
    ModelInfo info = info(context);
    ModelClient client;
    if (script != null) {
      client = ScriptedModelClient.fromFile(context.cwd().resolve(script));
    } else {
      OpenAiCompatibleClient http =
          choice
              .provider()
              .map(provider -> providerClient(provider, context))
              .orElseGet(
                  () ->
                      new OpenAiCompatibleClient(
                          OpenAiConfig.fromEnvironment(context.env(), baseUrl, apiKey)
                              .withRequestTimeout(requestTimeout(null))));
      client = live != null && info.streaming() && !noStream ? http.streaming(live) : http;
    }
    return textToolCalls(info) ? new TextToolCallClient(client) : client;
  }

  private OpenAiCompatibleClient providerClient(Provider provider, Context context) {
    String key = apiKey;
    if ((key == null || key.isBlank()) && provider.apiKeyEnv() != null) {
      key = context.env().get(provider.apiKeyEnv());
    }
    if ((key == null || key.isBlank()) && provider.keyRequired()) {
      throw new DistilleryException(
          "provider "
              + provider.name()
              + " needs a key: set $"
              + provider.apiKeyEnv()
              + " (or give --api-key)");
    }
    String url = baseUrl != null && !baseUrl.isBlank() ? baseUrl : provider.baseUrl();
    return new OpenAiCompatibleClient(
            OpenAiConfig.defaults(url, key, provider.apiKeyEnv())
                .withRequestTimeout(requestTimeout(provider)))
        .named(provider.name());
  }

  /** {@code --request-timeout}, else the provider's {@code request_timeout_seconds}, else none. */
  private Duration requestTimeout(Provider provider) {
    if (requestTimeoutSeconds != null) {
      return Duration.ofSeconds(requestTimeoutSeconds);
    }
    return provider == null ? null : provider.requestTimeout();
  }

  private boolean textToolCalls(ModelInfo info) {
    return toolCalls == null ? !info.nativeTools() : toolCalls.equals("text");
  }

  /** The model's name as sent to the provider: without a {@code provider/} prefix. */
  String modelName(Context context) {
    return choice(context).model();
  }

  /** The catalog's prices for this model, as its provider charges them. */
  Pricing pricing(Context context) {
    return catalog(context).pricing();
  }

  private ModelInfo info(Context context) {
    return catalog(context).info(modelName(context));
  }

  private ModelCatalog catalog(Context context) {
    return settings(context)
        .catalog()
        .forProvider(choice(context).provider().map(Provider::name).orElse(null));
  }

  private ModelSettings settings(Context context) {
    if (settings == null) {
      settings = ModelSettings.load(context);
    }
    return settings;
  }

  private Choice choice(Context context) {
    String named = model;
    if (named == null || named.isBlank()) {
      String fromEnv = context.env().get("DISTILLERY_MODEL");
      named = fromEnv != null && !fromEnv.isBlank() ? fromEnv : null;
    }
    if (named == null) {
      return new Choice(Optional.empty(), script != null ? "scripted" : DEFAULT_MODEL);
    }
    return script != null
        ? new Choice(Optional.empty(), named)
        : settings(context).providers().choose(named);
  }

  /** The catalog's context window for this model, or null when unknown or scripted. */
  Long contextWindow(Context context) {
    if (script != null) {
      return null; // the scripted model picks replies by turn count, which compaction changes
    }
    var window = catalog(context).contextWindow(modelName(context));
    return window.isPresent() ? (long) window.getAsInt() : null;
  }

  /** Whether the model is sent tools as structured specs (else as text, with tags). */
  boolean nativeTools(Context context) {
    return !textToolCalls(info(context));
  }
}
