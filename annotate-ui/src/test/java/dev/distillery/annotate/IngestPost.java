package dev.distillery.annotate;

import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Sends events to a server's {@code POST /api/ingest} as a client process would, for the server's
 * tests (the product's client lives in the command line). A refusal is thrown as {@link Refused}.
 */
final class IngestPost implements TraceSink {
  /** The server refused the events. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String token;

  IngestPost(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  @Override
  public void record(TraceEvent event) {
    recordAll(List.of(event));
  }

  @Override
  public void recordAll(List<TraceEvent> events) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("api/ingest"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(events)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the server did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new Refused(response.statusCode(), response.body());
    }
  }
}
