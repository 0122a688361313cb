// Drives the Graph service with the official LangGraph JS SDK: create a thread, stream a run until it pauses on an
// interrupt, read state and history, resume the interrupt, read the final state. Prints one JSON summary line.
// Usage: node sdk-flow.mjs <api url>
import { Client } from "@langchain/langgraph-sdk";

const client = new Client({ apiUrl: process.argv[2] });
const assistants = await client.assistants.search();
const thread = await client.threads.create({ metadata: { suite: "sdk" } });

const events = [];
let runId;
for await (const chunk of client.runs.stream(thread.thread_id, "approval", {
  input: { messages: [{ role: "user", content: "revenue by region" }] },
  streamMode: ["values", "updates"],
  onRunCreated: (meta) => { runId = meta.run_id; },
})) {
  events.push(chunk);
}

const paused = await client.threads.getState(thread.thread_id);
const history = await client.threads.getHistory(thread.thread_id, { limit: 10 });
const interrupt = paused.tasks.flatMap((t) => t.interrupts)[0];
const resumed = await client.runs.wait(thread.thread_id, "approval", { command: { resume: { [interrupt.id]: "yes" } } });
const final = await client.threads.getState(thread.thread_id);
const run = await client.runs.get(thread.thread_id, runId);

console.log(JSON.stringify({
  assistants: assistants.map((a) => a.graph_id),
  events: events.map((e) => e.event),
  streamedInterrupt: events.find((e) => e.event === "updates" && e.data.__interrupt__)?.data.__interrupt__[0].value.question,
  pausedNext: paused.next,
  interruptQuestion: interrupt.value.question,
  historyLength: history.length,
  historySteps: history.map((h) => h.metadata.step),
  resumedMessages: resumed.messages.map((m) => m.content),
  finalNext: final.next,
  firstRunStatus: run.status,
}));
