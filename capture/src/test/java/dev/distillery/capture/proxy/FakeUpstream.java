package dev.distillery.capture.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream speaking the OpenAI wire format on a JDK HttpServer on port 0: it answers each
 * request with the next scripted answer and keeps what it received.
 */
final class FakeUpstream implements AutoCloseable {
  /** A request as the upstream received it. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** One scripted answer. */
  interface Answer {
    void send(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final List<Received> received = new ArrayList<>();

  FakeUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL a client would configure: {@code http://127.0.0.1:PORT/v1}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  FakeUpstream then(Answer answer) {
    answers.add(answer);
    return this;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  static Answer json(int status, String body, String... headerPairs) {
    return exchange -> {
      for (int i = 0; i < headerPairs.length; i += 2) {
        exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /**
   * Server-sent events, each flushed as it is written; before the last one the upstream waits for
   * {@code beforeLast} (null: no wait).
   */
  static Answer sse(List<String> events, CountDownLatch beforeLast) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < events.size(); i++) {
          if (i == events.size() - 1 && beforeLast != null) {
            await(beforeLast);
          }
          out.write(("data: " + events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    };
  }

  /** A stream that breaks off after its first events: fewer bytes than it announced. */
  static Answer brokenSse(List<String> events) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 100_000);
      OutputStream out = exchange.getResponseBody();
      for (String event : events) {
        out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      exchange.close();
    };
  }

  /** Says nothing until {@code release}, then answers 200 with an empty object. */
  static Answer silent(CountDownLatch release) {
    return exchange -> {
      await(release);
      json(200, "{}").send(exchange);
    };
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (this) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
    }
    Answer answer = answers.poll();
    if (answer == null) {
      answer = json(500, "{\"error\":{\"message\":\"no answer scripted\",\"type\":\"test\"}}");
    }
    try {
      answer.send(exchange);
    } catch (IOException e) {
      exchange.close();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the test never released the upstream");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
