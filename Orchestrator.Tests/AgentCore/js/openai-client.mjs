// Drives /v1 with the official openai client and prints what it saw as one JSON document.
// Usage: node openai-client.mjs <baseURL> <apiKey> [question]
import OpenAI from 'openai';

const [baseURL, apiKey, asked] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const question = asked ?? 'How much revenue did we make per region?';

const models = await client.models.list();
const completion = await client.chat.completions.create({
  model: 'orchestrator',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: question }],
});

const chunks = [];
let usage = null;
const stream = await client.chat.completions.create({
  model: 'orchestrator',
  messages: [{ role: 'user', content: question }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) chunks.push({ content: choice.delta.content ?? null, finish: choice.finish_reason ?? null });
}

let unauthorized = null;
try {
  await new OpenAI({ baseURL, apiKey: 'ack_000000000000_wrong', maxRetries: 0 }).models.list();
} catch (error) {
  unauthorized = { name: error.constructor.name, status: error.status };
}

let unknownModel = null;
try {
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
} catch (error) {
  unknownModel = { name: error.constructor.name, status: error.status, code: error.code };
}

console.log(JSON.stringify({
  models: models.data.map((m) => m.id),
  completion: { object: completion.object, content: completion.choices[0].message.content, finish: completion.choices[0].finish_reason, usage: completion.usage },
  stream: { text: chunks.map((c) => c.content ?? '').join(''), finishes: chunks.map((c) => c.finish).filter(Boolean), usage },
  unauthorized,
  unknownModel,
}));
