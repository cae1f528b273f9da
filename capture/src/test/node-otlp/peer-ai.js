// The Vercel AI SDK (ai 6 with @ai-sdk/openai 3, the last that run on Node 20) with its telemetry
// on, exporting OTLP/protobuf to distillery serve. Run by OtlpNodePeerTest with
//   OTLP_URL        serve's /v1/traces
//   OPENAI_BASE_URL a fake chat-completions upstream
// generateText calls the model, runs the get_weather tool it asks for, calls the model again, and
// prints the trace id on stdout.
const { NodeTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-node");
const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-proto");
const { resourceFromAttributes } = require("@opentelemetry/resources");

async function main() {
  const { generateText, tool, jsonSchema, stepCountIs } = await import("ai");
  const { createOpenAI } = await import("@ai-sdk/openai");
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "ai-sdk-peer" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: process.env.OTLP_URL }))],
  });
  provider.register();
  const openai = createOpenAI({ apiKey: "sk-test-not-real", baseURL: process.env.OPENAI_BASE_URL });
  let traceId;
  const tracer = provider.getTracer("ai");
  const spying = {
    startSpan: (...args) => tracer.startSpan(...args),
    startActiveSpan: (name, ...rest) => {
      const fn = rest[rest.length - 1];
      rest[rest.length - 1] = (span) => {
        traceId = traceId || span.spanContext().traceId;
        return fn(span);
      };
      return tracer.startActiveSpan(name, ...rest);
    },
  };
  await generateText({
    model: openai.chat("gpt-fake"),
    system: "You answer in one sentence.",
    prompt: "What is the weather in Paris?",
    tools: {
      get_weather: tool({
        description: "The weather in a city now",
        inputSchema: jsonSchema({
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
        }),
        execute: async ({ city }) => `Sunny, 21 C in ${city}`,
      }),
    },
    stopWhen: stepCountIs(3),
    experimental_telemetry: { isEnabled: true, tracer: spying },
  });
  await provider.forceFlush();
  await provider.shutdown();
  console.log(traceId);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
