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
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Chat Completions over HTTP: OpenAI, vLLM, Ollama, llama.cpp and anything else that speaks it.
 * Retries 429, 5xx and timeouts with exponential backoff and jitter, honouring {@code Retry-After}.
 * With {@link #streaming} it asks for server-sent events ({@code stream_options.include_usage}) and
 * assembles them into the same reply; a stream that breaks off is tried again like a 5xx. The key
 * goes in the {@code Authorization} header and nowhere else.
 */
public final class OpenAiCompatibleClient implements ModelClient {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final OkHttpClient SHARED = sharedClient();
  private static final String UNNAMED = "openai-compatible";

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
        SHARED
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
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

  /** One per process: connection pool and dispatcher; daemon threads so they never hold exit. */
  private static OkHttpClient sharedClient() {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "distillery-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .retryOnConnectionFailure(false)
        .build();
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

  @Override
  public ChatReply complete(ChatRequest request) {
    String body;
    try {
      body = WireFormat.requestBody(request, stream);
    } catch (IOException e) {
      throw new BadRequestException("cannot encode the request: " + e.getMessage(), e);
    }
    for (int attempt = 0; ; attempt++) {
      long start = System.nanoTime();
      AtomicBoolean heard = new AtomicBoolean();
      try {
        WireFormat.Parsed parsed =
            send(
                body,
                delta -> {
                  heard.set(true);
                  listener.text(request, delta);
                });
        long latency = (System.nanoTime() - start) / 1_000_000;
        if (heard.get()) {
          listener.ended(request);
        }
        return new ChatReply(parsed.message(), parsed.finishReason(), parsed.usage(), latency);
      } catch (RetryableFailure failure) {
        if (attempt >= config.maxRetries()) {
          throw failure.exhausted(attempt + 1);
        }
        if (heard.get()) {
          listener.discarded(request);
        }
        pause(backoff.delay(attempt + 1, failure.retryAfter));
      }
    }
  }

  private WireFormat.Parsed send(String body, Consumer<String> onText) {
    Call call = http.newCall(request(body));
    try {
      return execute(call, response -> read(response, onText));
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
          "the model at " + config.baseUrl() + " did not answer in time (" + e.getMessage() + ")",
          null);
    } catch (StreamAssembler.StreamBroken e) {
      throw new RetryableFailure(
          ServerErrorException::new, e.getMessage() + " (from " + url() + ")", null);
    } catch (IOException e) {
      throw new RetryableFailure(
          ServerErrorException::new, "the call to " + url() + " failed: " + e, null);
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
        throw new RetryableFailure(RateLimitedException::new, detail, retryAfter(response));
      }
      if (code >= 500) {
        throw new RetryableFailure(ServerErrorException::new, detail, retryAfter(response));
      }
      if (code == 401 || code == 403) {
        throw new AuthenticationException(
            detail + " (check " + config.keySource() + " for " + config.baseUrl() + ")");
      }
      throw new BadRequestException(detail);
    }
  }

  /** An answer's reading step; may throw what reading a body throws. */
  private interface Reader<T> {
    T read(Response response) throws IOException;
  }

  /**
   * Runs the call and reads its answer on OkHttp's thread, so that interrupting the calling thread
   * cancels the call even in the middle of a streamed body.
   */
  private static <T> T execute(Call call, Reader<T> reader) throws IOException {
    CompletableFuture<T> future = new CompletableFuture<>();
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            try {
              future.complete(reader.read(response));
            } catch (IOException | RuntimeException e) {
              future.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            future.completeExceptionally(e);
          }
        });
    try {
      return future.get();
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  private Request request(String body) {
    Request.Builder builder =
        new Request.Builder().url(url()).post(RequestBody.create(body, JSON_TYPE));
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
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException("interrupted", "the model call was interrupted", false, e);
    }
  }

  /** A failure worth another try; becomes its typed exception when the tries run out. */
  private static final class RetryableFailure extends RuntimeException {
    private final transient Function<String, ModelException> typed;
    private final Duration retryAfter;

    RetryableFailure(Function<String, ModelException> typed, String message, Duration retryAfter) {
      super(message, null, false, false);
      this.typed = typed;
      this.retryAfter = retryAfter;
    }

    ModelException exhausted(int tries) {
      return typed.apply(getMessage() + (tries > 1 ? " (gave up after " + tries + " tries)" : ""));
    }
  }
}
