package dev.distillery.bench;

import io.javalin.Javalin;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local OpenAI-compatible upstream that answers at once: a fixed completion (chat completions or
 * the Responses API), or a stream of 20 chunks or text deltas, each flushed.
 */
final class BenchUpstream {
  static final int CHUNKS = 20;
  private static final byte[] COMPLETION =
      ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"model\":\"bench\",\"choices\":"
              + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A short answer"
              + " of a few words.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"
              + "12,\"completion_tokens\":8,\"total_tokens\":20}}")
          .getBytes(StandardCharsets.UTF_8);

  private BenchUpstream() {}

  static Javalin start() {
    return Javalin.create(
            config -> {
              config.routes.post("/v1/responses", BenchUpstream::responses);
              config.routes.post(
                  "/v1/chat/completions",
                  ctx -> {
                    if (!ctx.body().contains("\"stream\":true")) {
                      ctx.contentType("application/json").result(COMPLETION);
                      return;
                    }
                    ctx.contentType("text/event-stream");
                    OutputStream out = ctx.res().getOutputStream();
                    for (int i = 0; i < CHUNKS; i++) {
                      out.write(chunk("word" + i + " ", null));
                      out.flush();
                    }
                    out.write(chunk("", "stop"));
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                  });
            })
        .start("127.0.0.1", 0);
  }

  private static final AtomicLong RESPONSES = new AtomicLong();

  /** The Responses API: a whole response, or its events (20 text deltas, then completed). */
  private static void responses(io.javalin.http.Context ctx) throws java.io.IOException {
    String id = "resp_bench_" + RESPONSES.incrementAndGet();
    String response =
        "{\"id\":\""
            + id
            + "\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"bench\","
            + "\"output\":[{\"type\":\"message\",\"id\":\"msg_"
            + id
            + "\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":"
            + "\"output_text\",\"text\":\"A short answer of a few words.\",\"annotations\":[]}]}],"
            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":8,\"total_tokens\":20}}";
    if (!ctx.body().contains("\"stream\":true")) {
      ctx.contentType("application/json").result(response);
      return;
    }
    ctx.contentType("text/event-stream");
    OutputStream out = ctx.res().getOutputStream();
    out.write(
        ("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\""
                + id
                + "\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    for (int i = 0; i < CHUNKS; i++) {
      out.write(
          ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                  + "\"item_id\":\"msg_"
                  + id
                  + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"word"
                  + i
                  + " \"}\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    out.write(
        ("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
                + response
                + "}\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static byte[] chunk(String text, String finish) {
    return ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"model\":"
            + "\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
            + text
            + "\"},\"finish_reason\":"
            + (finish == null ? "null" : "\"" + finish + "\"")
            + "}]}\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
