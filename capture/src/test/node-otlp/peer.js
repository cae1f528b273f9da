// A small agent as users write them: the official openai client, instrumented by OpenInference,
// exporting OTLP/protobuf to distillery serve. Run by OtlpNodePeerTest with
//   OTLP_URL        serve's /v1/traces
//   OPENAI_BASE_URL a fake chat-completions upstream
// It asks for the weather, runs the tool the model calls, streams the answer, and prints the
// trace id on stdout.
const { NodeTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-node");
const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-proto");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const { context, trace } = require("@opentelemetry/api");
const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
const OpenAI = require("openai");

async function main() {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "node-peer" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: process.env.OTLP_URL }))],
  });
  provider.register();
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI);

  const client = new OpenAI({ apiKey: "sk-test-not-real", baseURL: process.env.OPENAI_BASE_URL });
  const tools = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "The weather in a city now",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];
  const tracer = provider.getTracer("node-peer");
  let traceId;
  await tracer.startActiveSpan("weather-agent", async (agent) => {
    agent.setAttribute("openinference.span.kind", "AGENT");
    traceId = agent.spanContext().traceId;
    const messages = [
      { role: "system", content: "You answer in one sentence." },
      { role: "user", content: "What is the weather in Paris?" },
    ];
    const first = await client.chat.completions.create({ model: "gpt-fake", messages, tools });
    const reply = first.choices[0].message;
    messages.push(reply);
    for (const call of reply.tool_calls || []) {
      const city = JSON.parse(call.function.arguments).city;
      messages.push({ role: "tool", tool_call_id: call.id, content: `Sunny, 21 C in ${city}` });
    }
    const stream = await client.chat.completions.create({
      model: "gpt-fake",
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    for await (const chunk of stream) {
      text += (chunk.choices[0] && chunk.choices[0].delta.content) || "";
    }
    agent.setAttribute("output.value", text);
    agent.end();
  });
  await provider.forceFlush();
  await provider.shutdown();
  console.log(traceId);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
