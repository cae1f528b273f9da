package dev.distillery.capture.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenTelemetry Java SDK's own OTLP exporter sends to serve's receiver. */
class OtlpReceiverTest {
  @TempDir Path dir;
  OtlpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void
      should_record_a_genai_agent_trace_as_one_run_with_its_conversation_when_sent_as_gzipped_protobuf() {
    server = new OtlpServer(dir, null);
    String traceId =
        send(b -> b.setCompression("gzip"), OtlpReceiverTest::genAiAgent).get(0).getTraceId();

    Run run = server.store.run(traceId).orElseThrow();
    assertEquals("otlp", run.spec().mode());
    assertEquals("What is in notes.txt?", run.spec().taskPrompt());
    assertEquals("gpt-test", run.spec().model());
    assertEquals(RunStatus.SUCCEEDED, run.status());
    assertEquals(2, run.turns());
    assertEquals(30 + 50, run.usage().promptTokens());
    List<EventKind> kinds = server.store.events(traceId).stream().map(TraceEvent::kind).toList();
    assertEquals(
        List.of(
            EventKind.RUN_STARTED,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.TOOL_CALL,
            EventKind.TOOL_RESULT,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.RUN_FINISHED),
        kinds);
    List<Message> log = server.store.messages(traceId);
    assertEquals(
        List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT),
        log.stream().map(Message::role).toList());
    assertEquals("read_file", log.get(2).toolCalls().get(0).name());
    assertEquals("call_1", log.get(3).toolCallId());
    assertEquals("It says hello.", log.get(4).content());
    EventPayload.ModelRequest second =
        (EventPayload.ModelRequest) server.store.events(traceId).get(5).payload();
    assertEquals(List.of(0, 1, 2, 3), second.context());
    EventPayload.ToolResult result =
        (EventPayload.ToolResult) server.store.events(traceId).get(4).payload();
    assertEquals("hello", result.output());
    assertEquals("call_1", result.callId());
  }

  @Test
  void should_record_openinference_llm_spans_with_their_tools_when_sent_as_json() {
    server = new OtlpServer(dir, null);
    String traceId = sendJson(OtlpReceiverTest::openInferenceCall).get(0).getTraceId();

    Run run = server.store.run(traceId).orElseThrow();
    assertEquals("Weather in Paris?", run.spec().taskPrompt());
    assertEquals(new dev.distillery.trace.Usage(12, 7), run.usage());
    EventPayload.ModelRequest request =
        (EventPayload.ModelRequest) server.store.events(traceId).get(1).payload();
    assertEquals("get_weather", request.tools().get(0).name());
    assertTrue(request.tools().get(0).parametersJson().contains("city"));
    assertEquals("{\"temperature\":0.2}", request.parametersJson());
    EventPayload.ModelResponse response =
        (EventPayload.ModelResponse) server.store.events(traceId).get(2).payload();
    assertEquals("{\"city\":\"Paris\"}", response.message().toolCalls().get(0).argumentsJson());
    assertEquals("tool_calls", response.finishReason());
  }

  @Test
  void should_record_spans_sent_again_once_and_append_spans_that_come_after_their_run() {
    server = new OtlpServer(dir, null);
    List<SpanData> sent = new ArrayList<>();
    try (Exporting exporting = new Exporting(b -> {})) {
      Tracer tracer = exporting.tracer();
      Span root = tracer.spanBuilder("invoke_agent helper").startSpan();
      root.setAttribute("gen_ai.operation.name", "invoke_agent");
      try (Scope ignored = root.makeCurrent()) {
        chat(
            tracer,
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]",
            "hello",
            3,
            4);
      }
      root.end();
      sent.addAll(exporting.sent);
      String traceId = sent.get(0).getTraceId();
      int before = server.store.events(traceId).size();

      exporting.resend(sent);
      assertEquals(before, server.store.events(traceId).size());

      Span late =
          tracer
              .spanBuilder("cleanup")
              .setParent(io.opentelemetry.context.Context.root().with(root))
              .startSpan();
      late.setAttribute("note", "came late");
      late.end();
      List<TraceEvent> events = server.store.events(traceId);
      assertEquals(before + 1, events.size());
      TraceEvent raw = events.get(events.size() - 1);
      assertEquals(EventKind.HOOK_RESULT, raw.kind());
      assertTrue(((EventPayload.HookRan) raw.payload()).message().contains("came late"));
    }
  }

  @Test
  void should_keep_spans_it_does_not_know_and_record_a_trace_without_root_when_it_stops_waiting() {
    server = new OtlpServer(dir, null);
    List<SpanData> sent;
    try (Exporting exporting = new Exporting(b -> {})) {
      Tracer tracer = exporting.tracer();
      // the root span lives in another process: only its child comes here
      Span remoteParent = tracer.spanBuilder("elsewhere").startSpan();
      Span child =
          tracer
              .spanBuilder("db.query")
              .setParent(io.opentelemetry.context.Context.root().with(remoteParent))
              .startSpan();
      child.setAttribute("db.statement", "select 1");
      child.end();
      sent = List.copyOf(exporting.sent);
    }
    String traceId = sent.get(0).getTraceId();
    assertTrue(server.store.run(traceId).isEmpty());
    assertEquals(1, server.receiver.waiting());

    server.receiver.flush();

    Run run = server.store.run(traceId).orElseThrow();
    assertEquals("no_root_span", run.outcome());
    List<TraceEvent> events = server.store.events(traceId);
    assertEquals(EventKind.HOOK_RESULT, events.get(1).kind());
    assertTrue(((EventPayload.HookRan) events.get(1).payload()).message().contains("select 1"));
  }

  /** An agent that reads a file: chat with a tool call, the tool, chat with the answer. */
  private static void genAiAgent(Tracer tracer) {
    Span root = tracer.spanBuilder("invoke_agent reader").startSpan();
    root.setAttribute("gen_ai.operation.name", "invoke_agent");
    root.setAttribute("gen_ai.agent.name", "reader");
    try (Scope ignored = root.makeCurrent()) {
      Span first = tracer.spanBuilder("chat gpt-test").startSpan();
      first.setAttribute("gen_ai.operation.name", "chat");
      first.setAttribute("gen_ai.request.model", "gpt-test");
      first.setAttribute("gen_ai.provider.name", "openai");
      first.setAttribute(
          "gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
      first.setAttribute(
          "gen_ai.input.messages",
          "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is in notes.txt?\"}]}]");
      first.setAttribute(
          "gen_ai.output.messages",
          "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"read_file\",\"arguments\":{\"path\":\"notes.txt\"}}],\"finish_reason\":\"tool_call\"}]");
      first.setAttribute("gen_ai.usage.input_tokens", 30L);
      first.setAttribute("gen_ai.usage.output_tokens", 5L);
      first.end();
      Span tool = tracer.spanBuilder("execute_tool read_file").startSpan();
      tool.setAttribute("gen_ai.operation.name", "execute_tool");
      tool.setAttribute("gen_ai.tool.name", "read_file");
      tool.setAttribute("gen_ai.tool.call.id", "call_1");
      tool.setAttribute("gen_ai.tool.call.arguments", "{\"path\":\"notes.txt\"}");
      tool.setAttribute("gen_ai.tool.call.result", "hello");
      tool.end();
      Span second = tracer.spanBuilder("chat gpt-test").startSpan();
      second.setAttribute("gen_ai.operation.name", "chat");
      second.setAttribute("gen_ai.request.model", "gpt-test");
      second.setAttribute(
          "gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
      second.setAttribute(
          "gen_ai.input.messages",
          "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is in notes.txt?\"}]},"
              + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"read_file\",\"arguments\":{\"path\": \"notes.txt\"}}]},"
              + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"hello\"}]}]");
      second.setAttribute(
          "gen_ai.output.messages",
          "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It says hello.\"}],\"finish_reason\":\"stop\"}]");
      second.setAttribute("gen_ai.usage.input_tokens", 50L);
      second.setAttribute("gen_ai.usage.output_tokens", 4L);
      second.end();
    }
    root.end();
  }

  private static void chat(Tracer tracer, String input, String answer, long in, long out) {
    Span chat = tracer.spanBuilder("chat m").startSpan();
    chat.setAttribute("gen_ai.operation.name", "chat");
    chat.setAttribute("gen_ai.request.model", "m");
    chat.setAttribute("gen_ai.input.messages", input);
    chat.setAttribute(
        "gen_ai.output.messages",
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + answer
            + "\"}]}]");
    chat.setAttribute("gen_ai.usage.input_tokens", in);
    chat.setAttribute("gen_ai.usage.output_tokens", out);
    chat.end();
  }

  /** One OpenAI call as OpenInference's instrumentation describes it. */
  private static void openInferenceCall(Tracer tracer) {
    Span span = tracer.spanBuilder("ChatCompletion").startSpan();
    span.setAttribute("openinference.span.kind", "LLM");
    span.setAttribute("llm.model_name", "gpt-4o-mini");
    span.setAttribute("llm.provider", "openai");
    span.setAttribute("llm.invocation_parameters", "{\"temperature\":0.2}");
    span.setAttribute("llm.input_messages.0.message.role", "system");
    span.setAttribute("llm.input_messages.0.message.content", "You know the weather.");
    span.setAttribute("llm.input_messages.1.message.role", "user");
    span.setAttribute("llm.input_messages.1.message.content", "Weather in Paris?");
    span.setAttribute("llm.output_messages.0.message.role", "assistant");
    span.setAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_9");
    span.setAttribute(
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "get_weather");
    span.setAttribute(
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments",
        "{\"city\":\"Paris\"}");
    span.setAttribute("gen_ai.response.finish_reasons", List.of("tool_calls").get(0));
    span.setAttribute(
        "llm.tools.0.tool.json_schema",
        "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather now\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}");
    span.setAttribute("llm.token_count.prompt", 12L);
    span.setAttribute("llm.token_count.completion", 7L);
    span.end();
  }

  /** The SDK's own OTLP/JSON encoding, posted as an OTLP/HTTP JSON exporter does. */
  private List<SpanData> sendJson(Consumer<Tracer> work) {
    List<SpanData> spans;
    try (Exporting exporting = new Exporting(b -> {})) {
      exporting.json = true;
      work.accept(exporting.tracer());
      spans = List.copyOf(exporting.sent);
    }
    return spans;
  }

  private List<SpanData> send(
      Consumer<OtlpHttpSpanExporterBuilder> configure, Consumer<Tracer> work) {
    try (Exporting exporting = new Exporting(configure)) {
      work.accept(exporting.tracer());
      return List.copyOf(exporting.sent);
    }
  }

  /** The SDK with a simple processor: each span is exported, and answered, when it ends. */
  private final class Exporting implements AutoCloseable {
    final List<SpanData> sent = new ArrayList<>();
    final OtlpHttpSpanExporter otlp;
    final SdkTracerProvider provider;
    boolean json;

    Exporting(Consumer<OtlpHttpSpanExporterBuilder> configure) {
      OtlpHttpSpanExporterBuilder builder =
          OtlpHttpSpanExporter.builder().setEndpoint(server.tracesUrl());
      configure.accept(builder);
      otlp = builder.build();
      SpanExporter remembering =
          new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
              sent.addAll(spans);
              if (json) {
                return postJson(spans);
              }
              return otlp.export(spans).join(10, TimeUnit.SECONDS);
            }

            @Override
            public CompletableResultCode flush() {
              return otlp.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
              return otlp.shutdown();
            }
          };
      provider =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.getDefault()
                      .merge(Resource.builder().put("service.name", "test-agent").build()))
              .addSpanProcessor(SimpleSpanProcessor.create(remembering))
              .build();
    }

    CompletableResultCode postJson(Collection<SpanData> spans) {
      try {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeJsonTo(body);
        HttpResponse<String> answer =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(server.tracesUrl()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("{}", answer.body());
        return CompletableResultCode.ofSuccess();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    Tracer tracer() {
      return provider.get("test");
    }

    void resend(List<SpanData> spans) {
      assertTrue(otlp.export(spans).join(10, TimeUnit.SECONDS).isSuccess());
    }

    @Override
    public void close() {
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
