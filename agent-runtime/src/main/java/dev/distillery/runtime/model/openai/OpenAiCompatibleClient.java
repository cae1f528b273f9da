package dev.distillery.runtime.model.openai;

import dev.distillery.runtime.model.AuthenticationException;
import dev.distillery.runtime.model.BadRequestException;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.ModelTimeoutException;
import dev.distillery.runtime.model.ModelUnreachableException;
import dev.distillery.runtime.model.RateLimitedException;
import dev.distillery.runtime.model.ServerErrorException;
import dev.distillery.runtime.model.StreamListener;
import dev.distillery.trace.Retry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Chat Completions over HTTP: OpenAI, vLLM, Ollama, llama.cpp and anything else that speaks it.
 * Retries 429, 5xx and timeouts with exponential backoff and jitter, honouring {@code Retry-After};
 * each failed try is reported on the reply (or the exception) with its wait, and the reply's
 * latency is the whole call. A try lost to a dead pooled connection is sent again at once, not
 * counted ({@link HttpCalls}). {@link OpenAiConfig#requestTimeout} bounds one try. With {@link
 * #streaming} it asks for server-sent events ({@code stream_options.include_usage}) and assembles
 * them into the same reply; a stream that breaks off is tried again like a 5xx. The key goes in the
 * {@code Authorization} header and nowhere else.
 */
public final class OpenAiCompatibleClient implements ModelClient {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String UNNAMED = "openai-compatible";
  // tries on dead pooled connections sent again, uncounted, before one counts
  private static final int MAX_STALE = 3;

  private final OpenAiConfig config;
  private final OkHttpClient http;
  private final Backoff backoff;
  private final String provider;
  private final boolean stream;
  private final StreamListener listener;

  /**
   * A client over the process-wide connection pool, with this config's timeouts; not streaming,
   * recorded as provider {@code openai-compatible}.
   */
  public OpenAiCompatibleClient(OpenAiConfig config) {
    this(
        config,
        HttpCalls.SHARED
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.requestTimeout() == null ? Duration.ZERO : config.requestTimeout())
            .build(),
        UNNAMED,
        false,
        StreamListener.NONE);
  }

  private OpenAiCompatibleClient(
      OpenAiConfig config,
      OkHttpClient http,
      String provider,
      boolean stream,
      StreamListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = http;
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    this.provider = Objects.requireNonNull(provider, "provider");
    this.stream = stream;
    this.listener = listener;
  }

  @Override
  public String provider() {
    return provider;
  }

  /**
   * This client, recording its runs under another provider name ({@code openai}, {@code ollama}).
   */
  public OpenAiCompatibleClient named(String name) {
    return new OpenAiCompatibleClient(config, http, name, stream, listener);
  }

  /**
   * This client, asking for replies as server-sent events and telling {@code listener} the text as
   * it arrives. The reply it returns is the same as without streaming.
   */
  public OpenAiCompatibleClient streaming(StreamListener listener) {
    return new OpenAiCompatibleClient(
        config, http, provider, true, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * One call, tried again after 429, 5xx, timeouts and broken streams. A try that failed on a dead
   * pooled connection is sent again at once on a fresh one and not counted. The reply's latency is
   * the whole call's time and its retries say which tries failed and how long each wait was.
   */
  @Override
  public ChatReply complete(ChatRequest request) {
    String body;
    try {
      body = WireFormat.requestBody(request, stream);
    } catch (IOException e) {
      throw new BadRequestException("cannot encode the request: " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    List<Retry> retries = new ArrayList<>();
    int stale = 0;
    for (int attempt = 1; ; ) {
      AtomicBoolean heard = new AtomicBoolean();
      HttpCalls.Try tried = new HttpCalls.Try();
      try {
        WireFormat.Parsed parsed =
            send(
                body,
                tried,
                delta -> {
                  heard.set(true);
                  listener.text(request, delta);
                });
        if (heard.get()) {
          listener.ended(request);
        }
        return new ChatReply(
            parsed.message(), parsed.finishReason(), parsed.usage(), elapsed(start), retries);
      } catch (RetryableFailure failure) {
        if (heard.get()) {
          listener.discarded(request);
        }
        if (tried.stale() && stale < MAX_STALE) {
          stale++;
          retries.add(new Retry(attempt, "stale_connection", null, 0, failure.getMessage()));
          continue;
        }
        if (attempt > config.maxRetries()) {
          throw failure.exhausted(attempt).withTries(retries, elapsed(start));
        }
        Duration wait = backoff.delay(attempt, failure.retryAfter);
        retries.add(
            new Retry(
                attempt, failure.errorType, failure.status, wait.toMillis(), failure.getMessage()));
        pause(wait, retries, start);
        attempt++;
      } catch (ModelException e) {
        throw e.withTries(retries, elapsed(start));
      }
    }
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private WireFormat.Parsed send(String body, HttpCalls.Try tried, Consumer<String> onText) {
    Call call = http.newCall(request(body, tried));
    try {
      return HttpCalls.execute(call, response -> read(response, onText));
    } catch (ConnectException | UnknownHostException e) {
      throw new ModelUnreachableException(
          "cannot reach the model at "
              + config.baseUrl()
              + " ("
              + e.getMessage()
              + "); is the server running? "
              + (provider.equals(UNNAMED)
                  ? "set --base-url or OPENAI_BASE_URL"
                  : "set --base-url, or the base_url of provider " + provider + " in the settings"),
          e);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ModelException("interrupted", "the model call was interrupted", false, e);
      }
      throw new RetryableFailure(
          ModelTimeoutException::new,
          "timeout",
          null,
          "the model at " + config.baseUrl() + " did not answer in time (" + e.getMessage() + ")",
          null);
    } catch (StreamAssembler.StreamBroken e) {
      throw new RetryableFailure(
          ServerErrorException::new,
          "server_error",
          null,
          e.getMessage() + " (from " + url() + ")",
          null);
    } catch (IOException e) {
      throw new RetryableFailure(
          ServerErrorException::new,
          "server_error",
          null,
          "the call to " + url() + " failed: " + e,
          null);
    }
  }

  /**
   * Reads one answer: a typed failure for an error status, else the reply, streamed ({@code
   * text/event-stream}) or whole (a server that ignores {@code stream} answers with JSON).
   */
  private WireFormat.Parsed read(Response response, Consumer<String> onText) throws IOException {
    try (response) {
      int code = response.code();
      if (response.isSuccessful()) {
        String type = response.header("Content-Type", "");
        if (stream && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
          StreamAssembler assembler = new StreamAssembler(onText);
          ServerSentEvents.read(response.body().source(), assembler);
          return assembler.finish();
        }
        return WireFormat.parse(response.body().string());
      }
      String detail =
          "HTTP "
              + code
              + " from "
              + url()
              + ": "
              + WireFormat.errorMessage(response.body().string());
      if (code == 429) {
        throw new RetryableFailure(
            RateLimitedException::new, "rate_limited", code, detail, retryAfter(response));
      }
      if (code >= 500) {
        throw new RetryableFailure(
            ServerErrorException::new, "server_error", code, detail, retryAfter(response));
      }
      if (code == 401 || code == 403) {
        throw new AuthenticationException(
            detail + " (check " + config.keySource() + " for " + config.baseUrl() + ")");
      }
      throw new BadRequestException(detail);
    }
  }

  private Request request(String body, HttpCalls.Try tried) {
    Request.Builder builder =
        new Request.Builder()
            .url(url())
            .post(RequestBody.create(body, JSON_TYPE))
            .tag(HttpCalls.Try.class, tried);
    if (config.apiKey() != null) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    return builder.build();
  }

  private String url() {
    return config.baseUrl() + "/chat/completions";
  }

  private static Duration retryAfter(Response response) {
    return RetryAfter.parse(response.header("Retry-After"));
  }

  /**
   * Waits out the backoff before the next try. Sleeping is the point here (the provider asked us to
   * slow down); an interrupt (Ctrl-C) ends the wait and the call at once.
   */
  private static void pause(Duration duration, List<Retry> retries, long start) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException("interrupted", "the model call was interrupted", false, e)
          .withTries(retries, elapsed(start));
    }
  }

  /** A failure worth another try; becomes its typed exception when the tries run out. */
  private static final class RetryableFailure extends RuntimeException {
    private final transient Function<String, ModelException> typed;
    private final String errorType;
    private final Integer status;
    private final Duration retryAfter;

    RetryableFailure(
        Function<String, ModelException> typed,
        String errorType,
        Integer status,
        String message,
        Duration retryAfter) {
      super(message, null, false, false);
      this.typed = typed;
      this.errorType = errorType;
      this.status = status;
      this.retryAfter = retryAfter;
    }

    ModelException exhausted(int tries) {
      return typed.apply(getMessage() + (tries > 1 ? " (gave up after " + tries + " tries)" : ""));
    }
  }
}
