package dev.distillery.capture.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.RunFilter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payloads the receiver cannot read: a 400 that says why, and nothing kept. */
class OtlpMalformedTest {
  private static final String TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String GOOD_SPAN =
      "{\"traceId\":\""
          + TRACE
          + "\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"chat m\","
          + "\"startTimeUnixNano\":\"1000000000\",\"endTimeUnixNano\":\"2000000000\","
          + "\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}}]}";

  @TempDir Path dir;
  OtlpServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_answer_400_with_a_status_and_keep_nothing_when_one_span_of_a_request_is_malformed()
      throws Exception {
    server = new OtlpServer(dir, null);
    String bad = GOOD_SPAN.replace("eee19b7ec3c1b174", "not-hex").replace("chat m", "broken");
    HttpResponse<String> answer = post(request(GOOD_SPAN + "," + bad), "application/json", null);
    assertEquals(400, answer.statusCode());
    assertTrue(answer.body().contains("\"code\":3"), answer.body());
    assertTrue(answer.body().contains("span \\\"broken\\\" has spanId"), answer.body());
    assertEquals(0, server.receiver.waiting());
    assertEquals(0, server.store.countRuns(RunFilter.builder().build()));
  }

  @Test
  void should_answer_400_in_protobuf_when_a_protobuf_body_is_not_an_export_request()
      throws Exception {
    server = new OtlpServer(dir, null);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server.tracesUrl()))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 1, 2, 3}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, answer.statusCode());
    assertEquals("application/x-protobuf", answer.headers().firstValue("Content-Type").orElse(""));
    assertTrue(answer.body().contains("not an OTLP ExportTraceServiceRequest"), answer.body());
  }

  @Test
  void should_read_a_gzipped_json_body_and_refuse_one_that_only_says_gzip() throws Exception {
    server = new OtlpServer(dir, null);
    byte[] body = request(GOOD_SPAN).getBytes(StandardCharsets.UTF_8);
    assertEquals(
        400,
        post(new String(body, StandardCharsets.UTF_8), "application/json", "gzip").statusCode());
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(body);
    }
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server.tracesUrl()))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("{}", answer.body());
    assertTrue(server.store.run(TRACE).isPresent());
  }

  @Test
  void should_refuse_other_content_types_and_requests_without_the_servers_token() throws Exception {
    server = new OtlpServer(dir, "tok3n");
    assertEquals(415, post(request(GOOD_SPAN), "text/plain", null, "tok3n").statusCode());
    assertEquals(401, post(request(GOOD_SPAN), "application/json", null, null).statusCode());
    assertEquals(200, post(request(GOOD_SPAN), "application/json", null, "tok3n").statusCode());
  }

  private static String request(String spans) {
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":["
        + spans
        + "]}]}]}";
  }

  private HttpResponse<String> post(String body, String type, String encoding) throws Exception {
    return post(body, type, encoding, null);
  }

  private HttpResponse<String> post(String body, String type, String encoding, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.tracesUrl()))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    if (token != null) {
      request.header("X-Distillery-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
