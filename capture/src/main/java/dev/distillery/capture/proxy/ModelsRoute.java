package dev.distillery.capture.proxy;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import okhttp3.Response;

/** {@code GET /v1/models} and {@code /v1/models/{id}}: the upstream's answer, as it came. */
final class ModelsRoute {
  private final Upstream upstream;

  ModelsRoute(Upstream upstream) {
    this.upstream = upstream;
  }

  void handle(Context ctx) {
    try (Response response = upstream.call(ctx, null)) {
      Upstream.answerHead(ctx, response);
      ctx.result(response.body() == null ? new byte[0] : response.body().bytes());
    } catch (IOException e) {
      String type = Upstream.failureType(e);
      ctx.status(type.equals("timeout") ? 504 : 502);
      ctx.json(
          Map.of(
              "error",
              Map.of(
                  "message",
                  "the upstream " + upstream.base() + " could not be reached: " + e.getMessage(),
                  "type",
                  type,
                  "code",
                  type)));
    }
  }
}
