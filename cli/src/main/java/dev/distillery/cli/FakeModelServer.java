package dev.distillery.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A local OpenAI-compatible endpoint on a free port, for the start-up benchmark and the launcher's
 * training run: request N gets reply N (the last one again after that), as JSON or, when the
 * request asks to stream, as server-sent events. It notes when the first request arrived. The judge
 * benchmark also gives it {@link Options}: a latency, threads to answer calls concurrently, and a
 * look at each request.
 */
public final class FakeModelServer implements AutoCloseable {
  /** One reply: text, or one tool call when {@code tool} is set. */
  public record Reply(String text, String tool, String argumentsJson) {
    public static Reply text(String text) {
      return new Reply(text, null, null);
    }
  }

  /**
   * How it answers: each reply after {@code latency}; on a pool of {@code threads} threads, or on
   * the JDK's single dispatcher thread when 0 (calls then wait for each other); {@code onRequest}
   * sees each request body first and returns the prompt tokens the reply's usage reports.
   */
  public record Options(Duration latency, int threads, ToLongFunction<String> onRequest) {
    /** No latency, one thread, 10 prompt tokens a reply. */
    public static final Options DEFAULT = new Options(Duration.ZERO, 0, body -> 10);
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final List<Reply> replies;
  private final Options options;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong firstRequestNanos = new AtomicLong();

  private FakeModelServer(List<Reply> replies, Options options) {
    this.replies = List.copyOf(replies);
    this.options = options;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pool = options.threads() > 0 ? Executors.newFixedThreadPool(options.threads()) : null;
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", this::answer);
    server.start();
  }

  public static FakeModelServer start(List<Reply> replies) {
    return start(replies, Options.DEFAULT);
  }

  public static FakeModelServer start(List<Reply> replies, Options options) {
    return new FakeModelServer(replies, options);
  }

  /** The base URL to give {@code --base-url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** {@link System#nanoTime} when the first request arrived since the last reset, or 0. */
  public long firstRequestNanos() {
    return firstRequestNanos.get();
  }

  /** Forget the requests so far: the next one is the first again, and gets the first reply. */
  public void reset() {
    requests.set(0);
    firstRequestNanos.set(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    firstRequestNanos.compareAndSet(0, System.nanoTime());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    long promptTokens = options.onRequest().applyAsLong(body);
    if (!options.latency().isZero()) {
      try {
        Thread.sleep(options.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
    }
    int n = requests.getAndIncrement();
    Reply reply = replies.get(Math.min(n, replies.size() - 1));
    boolean stream = body.replace(" ", "").contains("\"stream\":true");
    String message = message(reply, n);
    String text =
        stream
            ? "data: {\"choices\":[{\"index\":0,\"delta\":"
                + message
                + ",\"finish_reason\":\""
                + finish(reply)
                + "\"}]}\n\ndata: {\"choices\":[],\"usage\":"
                + usage(promptTokens)
                + "}\n\ndata: [DONE]\n\n"
            : "{\"id\":\"fake\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":"
                + message
                + ",\"finish_reason\":\""
                + finish(reply)
                + "\"}],\"usage\":"
                + usage(promptTokens)
                + "}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", stream ? "text/event-stream" : "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String usage(long promptTokens) {
    return "{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":5,\"total_tokens\":"
        + (promptTokens + 5)
        + "}";
  }

  private static String message(Reply reply, int n) {
    if (reply.tool() == null) {
      return "{\"role\":\"assistant\",\"content\":" + Json.MAPPER.valueToTree(reply.text()) + "}";
    }
    return "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_"
        + n
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + reply.tool()
        + "\",\"arguments\":"
        + Json.MAPPER.valueToTree(reply.argumentsJson())
        + "}}]}";
  }

  private static String finish(Reply reply) {
    return reply.tool() == null ? "stop" : "tool_calls";
  }

  @Override
  public void close() {
    server.stop(0);
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
