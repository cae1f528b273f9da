// The official openai package against Distillery's recording proxy: a plain completion, a
// streamed one, and a tool loop. The proxy's URL comes in OPENAI_BASE_URL; what the client got is
// printed as one JSON object on stdout for RecordingProxyNodeTest to check.
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY,
  defaultHeaders: process.env.DISTILLERY_TOKEN
    ? { "X-Distillery-Token": process.env.DISTILLERY_TOKEN }
    : {},
  maxRetries: 0,
});

const plain = await client.chat.completions.create({
  model: "gpt-test",
  messages: [{ role: "user", content: "Say hello" }],
});

const stream = await client.chat.completions.create({
  model: "gpt-test",
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: "user", content: "Count to three" }],
});
let streamed = "";
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0]?.delta?.content ?? "";
}

const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
    },
  },
];
const messages = [
  { role: "system", content: "You answer with the weather." },
  { role: "user", content: "Weather in Paris?" },
];
const first = await client.chat.completions.create({ model: "gpt-test", messages, tools });
const call = first.choices[0].message.tool_calls[0];
messages.push(first.choices[0].message);
messages.push({ role: "tool", tool_call_id: call.id, content: "sunny, 21C" });
const second = await client.chat.completions.create({ model: "gpt-test", messages, tools });

const models = await client.models.list();

console.log(
  JSON.stringify({
    plain: plain.choices[0].message.content,
    streamed,
    chunks,
    call: { name: call.function.name, arguments: call.function.arguments },
    final: second.choices[0].message.content,
    models: models.data.map((m) => m.id),
  }),
);
