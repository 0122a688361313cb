using System.Globalization;
using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Apis;

/// <summary>The JSON shapes of the LangGraph Server API.</summary>
internal static class ApiJson
{
    public static JsonElement Assistant(RegisteredGraph graph) => JsonBuilder.Build(graph, static (w, g) => WriteAssistant(w, g));

    public static JsonElement Assistants(IEnumerable<RegisteredGraph> graphs) => JsonBuilder.Build(graphs, static (w, list) =>
    {
        w.WriteStartArray();
        foreach (var graph in list)
        {
            WriteAssistant(w, graph);
        }

        w.WriteEndArray();
    });

    public static JsonElement Thread(ThreadRecord thread, JsonElement values, IReadOnlyList<Interrupt> interrupts) => JsonBuilder.Build((thread, values, interrupts), static (w, s) => WriteThread(w, s.thread, s.values, s.interrupts));

    public static JsonElement Threads(IEnumerable<ThreadRecord> threads) => JsonBuilder.Build(threads, static (w, list) =>
    {
        w.WriteStartArray();
        foreach (var thread in list)
        {
            WriteThread(w, thread, default, []);
        }

        w.WriteEndArray();
    });

    public static JsonElement Run(RunRecord run) => JsonBuilder.Build(run, static (w, r) => WriteRun(w, r));

    public static JsonElement Runs(IEnumerable<RunRecord> runs) => JsonBuilder.Build(runs, static (w, list) =>
    {
        w.WriteStartArray();
        foreach (var run in list)
        {
            WriteRun(w, run);
        }

        w.WriteEndArray();
    });

    public static JsonElement State(StateSnapshot? state, string threadId) => JsonBuilder.Build((state, threadId), static (w, s) => WriteState(w, s.state, s.threadId));

    public static JsonElement States(IEnumerable<StateSnapshot> states, string threadId) => JsonBuilder.Build((states, threadId), static (w, s) =>
    {
        w.WriteStartArray();
        foreach (var state in s.states)
        {
            WriteState(w, state, s.threadId);
        }

        w.WriteEndArray();
    });

    public static JsonElement CheckpointRef(CheckpointConfig config) => JsonBuilder.Build(config, static (w, c) =>
    {
        w.WriteStartObject();
        w.WritePropertyName("checkpoint");
        WriteCheckpointConfig(w, c);
        w.WriteEndObject();
    });

    private static void WriteAssistant(Utf8JsonWriter w, RegisteredGraph graph)
    {
        w.WriteStartObject();
        w.WriteString("assistant_id", graph.AssistantId);
        w.WriteString("graph_id", graph.GraphId);
        w.WriteString("name", graph.GraphId);
        w.WriteString("description", graph.Description);
        w.WriteStartObject("config");
        w.WriteEndObject();
        w.WriteStartObject("context");
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteString("created_by", "system");
        w.WriteEndObject();
        w.WriteNumber("version", 1);
        w.WriteString("created_at", "2026-01-01T00:00:00+00:00");
        w.WriteString("updated_at", "2026-01-01T00:00:00+00:00");
        w.WriteEndObject();
    }

    private static void WriteThread(Utf8JsonWriter w, ThreadRecord thread, JsonElement values, IReadOnlyList<Interrupt> interrupts)
    {
        w.WriteStartObject();
        w.WriteString("thread_id", thread.ThreadId);
        w.WriteString("created_at", Time(thread.CreatedAt));
        w.WriteString("updated_at", Time(thread.UpdatedAt));
        w.WritePropertyName("metadata");
        thread.Metadata.WriteTo(w);
        w.WriteString("status", thread.Status);
        w.WritePropertyName("values");
        (values.ValueKind == JsonValueKind.Undefined ? JsonBuilder.Null : values).WriteTo(w);
        w.WriteStartObject("interrupts");
        foreach (var group in interrupts.GroupBy(i => i.Node))
        {
            w.WriteStartArray(group.Key);
            foreach (var interrupt in group)
            {
                RunExecutor.ApiInterrupt(w, interrupt);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, RunRecord run)
    {
        w.WriteStartObject();
        w.WriteString("run_id", run.RunId);
        w.WriteString("thread_id", run.ThreadId);
        w.WriteString("assistant_id", run.AssistantId);
        w.WriteString("status", run.Status);
        w.WritePropertyName("metadata");
        run.Metadata.WriteTo(w);
        w.WriteString("multitask_strategy", run.MultitaskStrategy);
        w.WriteString("created_at", Time(run.CreatedAt));
        w.WriteString("updated_at", Time(run.UpdatedAt));
        w.WritePropertyName("kwargs");
        run.Payload.WriteTo(w);
        w.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter w, StateSnapshot? state, string threadId)
    {
        w.WriteStartObject();
        w.WritePropertyName("values");
        (state?.Values ?? JsonBuilder.EmptyObject).WriteTo(w);
        w.WriteStartArray("next");
        foreach (var node in state?.Next ?? [])
        {
            w.WriteStringValue(node);
        }

        w.WriteEndArray();
        w.WriteStartArray("tasks");
        foreach (var task in state?.Tasks ?? [])
        {
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            w.WriteString("name", task.Name);
            if (task.Error is null)
            {
                w.WriteNull("error");
            }
            else
            {
                w.WriteString("error", task.Error);
            }

            w.WriteStartArray("interrupts");
            foreach (var interrupt in task.Interrupts)
            {
                RunExecutor.ApiInterrupt(w, interrupt);
            }

            w.WriteEndArray();
            w.WriteNull("checkpoint");
            w.WriteNull("state");
            w.WriteNull("result");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (state is null)
        {
            w.WriteStartObject("checkpoint");
            w.WriteString("thread_id", threadId);
            w.WriteString("checkpoint_ns", "");
            w.WriteNull("checkpoint_id");
            w.WriteEndObject();
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteNull("created_at");
            w.WriteNull("parent_checkpoint");
        }
        else
        {
            w.WritePropertyName("checkpoint");
            WriteCheckpointConfig(w, state.Config);
            w.WritePropertyName("metadata");
            state.Metadata.WriteTo(w);
            w.WriteString("created_at", Time(state.CreatedAt));
            w.WritePropertyName("parent_checkpoint");
            if (state.ParentConfig is null)
            {
                w.WriteNullValue();
            }
            else
            {
                WriteCheckpointConfig(w, state.ParentConfig);
            }
        }

        w.WriteStartArray("interrupts");
        foreach (var interrupt in state?.Interrupts ?? [])
        {
            RunExecutor.ApiInterrupt(w, interrupt);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCheckpointConfig(Utf8JsonWriter w, CheckpointConfig config)
    {
        w.WriteStartObject();
        w.WriteString("thread_id", config.ThreadId);
        w.WriteString("checkpoint_ns", config.CheckpointNs);
        w.WriteString("checkpoint_id", config.CheckpointId);
        w.WriteNull("checkpoint_map");
        w.WriteEndObject();
    }

    private static string Time(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
