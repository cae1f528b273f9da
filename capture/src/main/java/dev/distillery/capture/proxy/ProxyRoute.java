package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses}: forwards the request, answers
 * with the upstream's reply as it came (a stream chunk by chunk, flushed as each arrives), and
 * records the pair in its run.
 */
final class ProxyRoute {
  static final String RUN_HEADER = "X-Distillery-Run";

  private final Upstream upstream;
  private final Conversations conversations;
  private final Wire wire;

  ProxyRoute(Upstream upstream, Conversations conversations, Wire wire) {
    this.upstream = upstream;
    this.conversations = conversations;
    this.wire = wire;
  }

  void handle(Context ctx) throws IOException {
    byte[] body = ctx.bodyAsBytes();
    JsonNode json = parse(body);
    ChatWire.Request request = wire.request(json);
    ProxyRun.Turn turn = request == null ? null : conversations.begin(request, runName(ctx, json));
    long start = System.nanoTime();
    Response response;
    try {
      response = upstream.call(ctx, body);
    } catch (IOException e) {
      unreachable(ctx, turn, e, start);
      return;
    }
    try (response) {
      Upstream.answerHead(ctx, response);
      if (!response.isSuccessful()) {
        byte[] answer = bytes(response.body());
        ctx.result(answer);
        failed(turn, response.code(), new String(answer, StandardCharsets.UTF_8), start);
      } else if (isStream(response)) {
        stream(ctx, response, turn, start);
      } else {
        byte[] answer = bytes(response.body());
        ctx.result(answer);
        Reply reply = wire.reply(parse(answer));
        if (turn != null && reply == null) {
          conversations.failed(turn, "malformed_response", wire.missing(), false, millis(start));
        } else if (turn != null) {
          conversations.replied(turn, reply, millis(start));
        }
      }
    }
  }

  /** Passes the stream on as it arrives, each piece flushed, and assembles the reply beside it. */
  private void stream(Context ctx, Response response, ProxyRun.Turn turn, long start)
      throws IOException {
    SseReader assembler = wire.reader();
    OutputStream out = ctx.res().getOutputStream();
    byte[] buffer = new byte[8192];
    InputStream in = response.body().byteStream();
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        if (turn != null) {
          conversations.failed(
              turn,
              Upstream.failureType(e).equals("timeout") ? "timeout" : "stream_broken",
              "the upstream's stream broke off: " + e.getMessage(),
              true,
              millis(start));
        }
        // the client sees the stream break off too, not end as if it were complete
        abort(ctx);
        return;
      }
      if (n < 0) {
        break;
      }
      try {
        out.write(buffer, 0, n);
        out.flush();
      } catch (IOException e) {
        if (turn != null) {
          conversations.failed(
              turn,
              "client_disconnected",
              "the client left before the reply ended",
              false,
              millis(start));
        }
        return;
      }
      assembler.accept(buffer, n);
    }
    if (turn == null) {
      return;
    }
    if (assembler.error() != null) {
      conversations.failed(turn, "stream_error", assembler.error(), true, millis(start));
    } else if (!assembler.complete()) {
      conversations.failed(
          turn,
          "stream_broken",
          "the upstream's stream ended before the reply was complete",
          true,
          millis(start));
    } else if (assembler.reply() == null) {
      conversations.failed(turn, "malformed_response", wire.missing(), false, millis(start));
    } else {
      conversations.replied(turn, assembler.reply(), millis(start));
    }
  }

  /** Drops the client's connection, as the upstream dropped the proxy's. */
  private static void abort(Context ctx) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request != null) {
      request.getConnectionMetaData().getConnection().getEndPoint().close();
    }
  }

  private void unreachable(Context ctx, ProxyRun.Turn turn, IOException e, long start) {
    String type = Upstream.failureType(e);
    String message =
        type.equals("timeout")
            ? "the upstream " + upstream.base() + " did not answer in time: " + e.getMessage()
            : "the upstream " + upstream.base() + " could not be reached: " + e.getMessage();
    if (turn != null) {
      conversations.failed(turn, type, message, true, millis(start));
    }
    ctx.status(type.equals("timeout") ? 504 : 502);
    ctx.json(Map.of("error", Map.of("message", message, "type", type, "code", type)));
  }

  private void failed(ProxyRun.Turn turn, int status, String body, long start) {
    if (turn == null) {
      return;
    }
    String type;
    boolean retryable;
    if (status == 429) {
      type = "rate_limited";
      retryable = true;
    } else if (status >= 500) {
      type = "server_error";
      retryable = true;
    } else if (status == 401 || status == 403) {
      type = "auth_error";
      retryable = false;
    } else {
      type = "bad_request";
      retryable = status == 408 || status == 409;
    }
    conversations.failed(
        turn,
        type,
        "HTTP " + status + ": " + ChatWire.errorMessage(body),
        retryable,
        millis(start));
  }

  /** The run a request names: its header, {@code metadata.distillery_run}, or {@code user}. */
  static String runName(Context ctx, JsonNode json) {
    String header = ctx.header(RUN_HEADER);
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    if (json != null) {
      JsonNode named = json.path("metadata").path("distillery_run");
      if (named.isTextual() && !named.asText().isBlank()) {
        return named.asText().strip();
      }
      if (json.path("user").isTextual() && !json.get("user").asText().isBlank()) {
        return json.get("user").asText().strip();
      }
    }
    return null;
  }

  private static boolean isStream(Response response) {
    String type = response.header("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body == null || body.length == 0 ? null : ChatWire.JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] bytes(ResponseBody body) throws IOException {
    return body == null ? new byte[0] : body.bytes();
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
