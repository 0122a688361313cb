// The 3-node loop of bench/Graph.Bench in LangGraph.js: a -> b -> c -> a ... each node adds 1 to "count",
// until count reaches STEPS. Prints one JSON line per run: {"saver":..,"durability":..,"steps":..,"ms":..}.
// Usage: node loop.mjs <memory|postgres> <steps> <runs> <sync|async|exit> [postgres connection string]
import { StateGraph, Annotation, START, END, MemorySaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";

const [saverKind, stepsArg, runsArg, durability, conn] = process.argv.slice(2);
const steps = Number(stepsArg);
const runs = Number(runsArg);

const State = Annotation.Root({ count: Annotation({ reducer: (_, b) => b, default: () => 0 }) });
const inc = (s) => ({ count: s.count + 1 });
const graph = new StateGraph(State)
  .addNode("a", inc).addNode("b", inc).addNode("c", inc)
  .addEdge(START, "a").addEdge("a", "b").addEdge("b", "c")
  .addConditionalEdges("c", (s) => (s.count >= steps ? END : "a"));

let saver;
if (saverKind === "postgres") {
  saver = PostgresSaver.fromConnString(conn);
  await saver.setup();
} else {
  saver = new MemorySaver();
}
const app = graph.compile({ checkpointer: saver });

for (let i = 0; i < runs; i++) {
  const config = { configurable: { thread_id: `js-${saverKind}-${durability}-${process.pid}-${i}` }, recursionLimit: steps + 10, durability };
  const started = performance.now();
  const out = await app.invoke({ count: 0 }, config);
  const ms = performance.now() - started;
  if (out.count < steps) throw new Error(`loop ended early at ${out.count}`);
  console.log(JSON.stringify({ saver: saverKind, durability, steps: out.count, ms }));
}
if (saverKind === "postgres") await saver.end();
