// The official openai package's Responses API against Distillery's recording proxy: plain,
// streamed, and function tools chained by previous_response_id. Prints what the client got as
// one JSON object for RecordingProxyNodeTest.
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 0,
});
const text = (response) =>
  response.output
    .filter((item) => item.type === "message")
    .flatMap((item) => item.content)
    .map((part) => part.text ?? "")
    .join("");

const plain = await client.responses.create({ model: "gpt-test", input: "Say hello" });

const stream = await client.responses.create({
  model: "gpt-test",
  input: "Describe the sky",
  stream: true,
});
let streamed = "";
let completed = null;
for await (const event of stream) {
  if (event.type === "response.output_text.delta") streamed += event.delta;
  if (event.type === "response.completed") completed = event.response.id;
}

const tools = [
  {
    type: "function",
    name: "get_weather",
    description: "Weather in a city",
    strict: true,
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
  },
];
const first = await client.responses.create({
  model: "gpt-test",
  instructions: "Answer with the weather.",
  input: "Weather in Oslo?",
  tools,
});
const call = first.output.find((item) => item.type === "function_call");
const second = await client.responses.create({
  model: "gpt-test",
  previous_response_id: first.id,
  instructions: "Answer with the weather.",
  input: [{ type: "function_call_output", call_id: call.call_id, output: "snow, -3C" }],
  tools,
});

console.log(
  JSON.stringify({
    plain: text(plain),
    streamed,
    completed,
    call: { name: call.name, arguments: call.arguments },
    final: text(second),
  }),
);
