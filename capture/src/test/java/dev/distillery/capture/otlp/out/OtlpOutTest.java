package dev.distillery.capture.otlp.out;

import static dev.distillery.capture.otlp.out.CollectorFake.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Native runs' events, as the agent loop records them, leave as GenAI spans. */
class OtlpOutTest {
  private final List<TraceEvent> recorded = new ArrayList<>();
  private final TraceSink store = recorded::add;
  private final StringWriter err = new StringWriter();

  @Test
  void should_send_a_run_as_an_invoke_agent_span_with_chat_and_execute_tool_children()
      throws Exception {
    try (CollectorFake collector = new CollectorFake()) {
      OtlpOut out =
          OtlpOut.fromEnvironment(
                  Map.of(
                      "OTEL_EXPORTER_OTLP_ENDPOINT", collector.base(),
                      "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=abc%20def,other=1",
                      "OTEL_SERVICE_NAME", "my-agent"),
                  new PrintWriter(err))
              .orElseThrow();
      record(out.around(store));
      out.close();

      assertEquals(9, recorded.size(), "every event reached the store");
      List<Span> spans = waitForSpans(collector, 4);
      Span root = named(spans, "invoke_agent distillery");
      assertEquals("invoke_agent", attribute(root, "gen_ai.operation.name"));
      assertEquals("r1", attribute(root, "distillery.run_id"));
      Span firstChat =
          spans.stream().filter(s -> s.getName().equals("chat tiny")).findFirst().orElseThrow();
      assertEquals(root.getSpanId(), firstChat.getParentSpanId());
      assertEquals(root.getTraceId(), firstChat.getTraceId());
      assertEquals(
          "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"list files\"}]}]",
          attribute(firstChat, "gen_ai.input.messages"));
      assertEquals(
          "[{\"type\":\"text\",\"content\":\"be brief\"}]",
          attribute(firstChat, "gen_ai.system_instructions"));
      assertTrue(attribute(firstChat, "gen_ai.output.messages").contains("\"type\":\"tool_call\""));
      assertEquals("7", attribute(firstChat, "gen_ai.usage.input_tokens"));
      assertTrue(attribute(firstChat, "gen_ai.tool.definitions").contains("\"name\":\"bash\""));
      Span tool = named(spans, "execute_tool bash");
      assertEquals("c1", attribute(tool, "gen_ai.tool.call.id"));
      assertEquals("a.txt", attribute(tool, "gen_ai.tool.call.result"));
      assertEquals(root.getSpanId(), tool.getParentSpanId());
      assertEquals("abc def", collector.headers.get("x-api-key"));
      String service =
          collector.requests().get(0).getResourceSpans(0).getResource().getAttributesList().stream()
              .filter(kv -> kv.getKey().equals("service.name"))
              .findFirst()
              .orElseThrow()
              .getValue()
              .getStringValue();
      assertEquals("my-agent", service);
    }
  }

  @Test
  void should_be_off_when_no_endpoint_is_set() {
    assertEquals(
        Optional.empty(),
        OtlpOut.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"), new PrintWriter(err)));
    assertEquals(
        Optional.empty(),
        OtlpOut.fromEnvironment(
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://x", "OTEL_SDK_DISABLED", "true"),
            new PrintWriter(err)));
  }

  @Test
  void should_record_every_event_and_say_so_once_when_the_collector_refuses_connections()
      throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    OtlpOut out =
        OtlpOut.fromEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    "http://127.0.0.1:" + port + "/v1/traces"),
                new PrintWriter(err))
            .orElseThrow();
    record(out.around(store));
    record(out.around(store));
    out.close();
    assertEquals(18, recorded.size());
    String said = err.toString();
    assertTrue(said.contains("did not take spans"), said);
    assertEquals(said.indexOf("did not take spans"), said.lastIndexOf("did not take spans"));
  }

  @Test
  void should_record_every_event_when_the_collector_accepts_but_never_answers() throws Exception {
    try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(hanging.accept());
                  }
                } catch (Exception e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      OtlpOut out =
          OtlpOut.fromEnvironment(
                  Map.of(
                      "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + hanging.getLocalPort()),
                  new PrintWriter(err))
              .orElseThrow();
      record(out.around(store));
      out.close();
      assertEquals(9, recorded.size());
    }
  }

  private static List<Span> waitForSpans(CollectorFake collector, int count)
      throws InterruptedException {
    // close() waits a moment for the last batch; a loaded machine may need longer
    for (int i = 0; i < 200 && collector.spans().size() < count; i++) {
      Thread.sleep(50);
    }
    return collector.spans();
  }

  private static Span named(List<Span> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(name + " not in " + spans.stream().map(Span::getName).toList()));
  }

  /** A run as the loop records it: a bash call, its result, an answer. */
  private static void record(TraceSink sink) {
    String run = "r1";
    Instant t = Instant.parse("2026-12-04T10:00:00Z");
    List<TraceEvent> events = new ArrayList<>();
    RunSpec spec = RunSpec.adHoc("list files", "tiny", "openai", "yolo", "/w");
    events.add(event(run, 0, null, t, new EventPayload.RunStarted(spec)));
    events.add(event(run, 1, null, t, new EventPayload.StateChanged(null, "model_call")));
    ToolSpec bash = new ToolSpec("bash", "Run a command", "{\"type\":\"object\"}");
    events.add(
        event(
            run,
            2,
            null,
            t,
            new EventPayload.ModelRequest(
                0,
                List.of(Message.system("be brief"), Message.user("list files")),
                List.of(0, 1),
                List.of(bash),
                "{\"temperature\":0.5}")));
    Message call =
        Message.assistant(null, List.of(new ToolCall("c1", "bash", "{\"command\":\"ls\"}")));
    events.add(
        event(
            run,
            3,
            "e2",
            t.plusMillis(100),
            new EventPayload.ModelResponse(2, call, "tool_calls", new Usage(7, 3), 100, null)));
    events.add(
        event(
            run,
            4,
            "e3",
            t.plusMillis(110),
            new EventPayload.ToolCalled("c1", "bash", "{\"command\":\"ls\"}")));
    events.add(
        event(
            run,
            5,
            "e4",
            t.plusMillis(130),
            new EventPayload.ToolResult("c1", "bash", "a.txt", 0, false, false)));
    events.add(
        event(
            run,
            6,
            null,
            t.plusMillis(140),
            new EventPayload.ModelRequest(
                3,
                List.of(Message.tool("c1", "bash", "a.txt")),
                List.of(0, 1, 2, 3),
                List.of(bash),
                "{}")));
    events.add(
        event(
            run,
            7,
            "e6",
            t.plusMillis(200),
            new EventPayload.ModelResponse(
                4, Message.assistant("a.txt", List.of()), "stop", new Usage(9, 2), 60, null)));
    events.add(
        event(
            run,
            8,
            null,
            t.plusMillis(210),
            new EventPayload.RunFinished(
                RunStatus.SUCCEEDED, "answered", "done", 2, new Usage(16, 5), null, null)));
    events.forEach(sink::record);
  }

  private static TraceEvent event(
      String run, long seq, String parent, Instant at, EventPayload payload) {
    return new TraceEvent("e" + seq, run, parent, seq, at, null, payload);
  }
}
