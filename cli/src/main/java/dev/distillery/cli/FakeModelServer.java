package dev.distillery.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI-compatible endpoint on a free port, for the start-up benchmark and the launcher's
 * training run: request N gets reply N (the last one again after that), as JSON or, when the
 * request asks to stream, as server-sent events. It notes when the first request arrived.
 */
public final class FakeModelServer implements AutoCloseable {
  /** One reply: text, or one tool call when {@code tool} is set. */
  public record Reply(String text, String tool, String argumentsJson) {
    public static Reply text(String text) {
      return new Reply(text, null, null);
    }
  }

  private final HttpServer server;
  private final List<Reply> replies;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong firstRequestNanos = new AtomicLong();

  private FakeModelServer(List<Reply> replies) {
    this.replies = List.copyOf(replies);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", this::answer);
    server.start();
  }

  public static FakeModelServer start(List<Reply> replies) {
    return new FakeModelServer(replies);
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
                + USAGE
                + "}\n\ndata: [DONE]\n\n"
            : "{\"id\":\"fake\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":"
                + message
                + ",\"finish_reason\":\""
                + finish(reply)
                + "\"}],\"usage\":"
                + USAGE
                + "}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", stream ? "text/event-stream" : "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static final String USAGE =
      "{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}";

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
  }
}
