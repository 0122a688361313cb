using System.Text.Json;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>A node scheduled in a super-step: by its trigger channel (pull) or by a <see cref="Send"/> (push).</summary>
internal sealed record PregelTask(string Id, NodeDefinition Node, string Path, long TriggerVersion, JsonElement Argument)
{
    public bool IsPush => Argument.ValueKind != JsonValueKind.Undefined;
}

/// <summary>How a task ended in the current attempt of a step.</summary>
internal sealed class TaskOutcome(PregelTask task)
{
    public PregelTask Task { get; } = task;

    public List<KeyValuePair<string, JsonElement>> Writes { get; init; } = [];

    public IReadOnlyList<Interrupt>? Interrupts { get; init; }

    public Exception? Error { get; init; }

    /// <summary>Its writes are already in the store (reused from a previous attempt, or saved as it finished).</summary>
    public bool Persisted { get; set; }

    public List<PendingWrite> ToPendingWrites()
    {
        if (Error is not null)
        {
            var error = JsonBuilder.Build(Error, static (w, e) =>
            {
                w.WriteStartObject();
                w.WriteString("error", e.GetType().Name);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            });
            return [new PendingWrite(Task.Id, GraphConstants.ErrorWrite, error)];
        }

        if (Interrupts is not null)
        {
            var value = JsonBuilder.Build(Interrupts, static (w, list) =>
            {
                w.WriteStartArray();
                foreach (var interrupt in list)
                {
                    interrupt.ToJson().WriteTo(w);
                }

                w.WriteEndArray();
            });
            return [new PendingWrite(Task.Id, GraphConstants.InterruptWrite, value)];
        }

        if (Writes.Count == 0)
        {
            return [new PendingWrite(Task.Id, GraphConstants.NoWrites, JsonBuilder.Null)];
        }

        return [.. Writes.Select(w => new PendingWrite(Task.Id, w.Key, w.Value))];
    }
}
