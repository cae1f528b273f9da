package dev.distillery.bench;

import io.javalin.Javalin;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A local OpenAI-compatible upstream that answers at once: a fixed completion, or a stream of 20
 * chunks, each flushed.
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
            config ->
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
                    }))
        .start("127.0.0.1", 0);
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
