package dev.distillery.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;

/** Agent traces in the GenAI conventions, as an instrumented app would export them. */
final class SyntheticTraces {
  private static final String FILLER = "lorem ipsum dolor sit amet ".repeat(18);

  private SyntheticTraces() {}

  /** Traces {@code first} .. {@code first + count - 1}, each a root and {@code turns} turns. */
  static ExportTraceServiceRequest request(int first, int count, int turns) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int t = first; t < first + count; t++) {
      ByteString trace = id(16, t, 0);
      long start = 1_700_000_000_000_000_000L + t * 1_000_000_000L;
      ByteString root = id(8, t, 1);
      StringBuilder history =
          new StringBuilder(
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"task "
                  + t
                  + " "
                  + FILLER
                  + "\"}]}");
      for (int turn = 0; turn < turns; turn++) {
        long at = start + turn * 10_000_000L;
        String call = "call_" + turn;
        String reply =
            "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\""
                + call
                + "\",\"name\":\"bash\",\"arguments\":{\"command\":\"ls "
                + turn
                + "\"}}]}";
        scope.addSpans(
            span(trace, id(8, t, 2 + 2 * turn), root, "chat m", at, at + 4_000_000L)
                .addAttributes(kv("gen_ai.operation.name", "chat"))
                .addAttributes(kv("gen_ai.request.model", "m"))
                .addAttributes(kv("gen_ai.input.messages", history + "]"))
                .addAttributes(kv("gen_ai.output.messages", "[" + reply + "]"))
                .addAttributes(kvInt("gen_ai.usage.input_tokens", 100 + turn))
                .addAttributes(kvInt("gen_ai.usage.output_tokens", 20)));
        String output = "output " + turn + " " + FILLER;
        scope.addSpans(
            span(
                    trace,
                    id(8, t, 3 + 2 * turn),
                    root,
                    "execute_tool bash",
                    at + 5_000_000L,
                    at + 9_000_000L)
                .addAttributes(kv("gen_ai.operation.name", "execute_tool"))
                .addAttributes(kv("gen_ai.tool.name", "bash"))
                .addAttributes(kv("gen_ai.tool.call.id", call))
                .addAttributes(kv("gen_ai.tool.call.result", output)));
        history.append(",").append(reply);
        history
            .append(",{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"")
            .append(call)
            .append("\",\"response\":\"")
            .append(output)
            .append("\"}]}");
      }
      scope.addSpans(
          span(
                  trace,
                  root,
                  ByteString.EMPTY,
                  "invoke_agent bench",
                  start,
                  start + turns * 10_000_000L)
              .addAttributes(kv("gen_ai.operation.name", "invoke_agent")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
        .build();
  }

  private static Span.Builder span(
      ByteString trace, ByteString id, ByteString parent, String name, long start, long end) {
    return Span.newBuilder()
        .setTraceId(trace)
        .setSpanId(id)
        .setParentSpanId(parent)
        .setName(name)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end);
  }

  private static ByteString id(int length, long trace, long span) {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    if (length == 16) {
      bytes.putLong(0x0123456789abcdefL).putLong(trace + 1);
    } else {
      bytes.putLong(((trace + 1) << 16) | (span + 1));
    }
    return ByteString.copyFrom(bytes.array());
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue kvInt(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
