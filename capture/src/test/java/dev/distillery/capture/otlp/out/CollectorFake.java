package dev.distillery.capture.otlp.out;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** A collector on a free port (the JDK HttpServer) that decodes what it gets with the protos. */
public final class CollectorFake implements AutoCloseable {
  private final HttpServer server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  public final Map<String, String> headers = new ConcurrentHashMap<>();

  public CollectorFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          InputStream body = exchange.getRequestBody();
          if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
          }
          requests.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
          byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
          exchange.close();
        });
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<ExportTraceServiceRequest> requests() {
    return requests;
  }

  /** Every span received so far. */
  public List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          spans.addAll(scope.getSpansList());
        }
      }
    }
    return spans;
  }

  /** A span's string attribute, or null. */
  public static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(
            kv ->
                kv.getValue().hasIntValue()
                    ? String.valueOf(kv.getValue().getIntValue())
                    : kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
