using System.Text.Json;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>One write a task produced against a checkpoint, saved before the next checkpoint exists.</summary>
/// <param name="TaskId">The deterministic id of the task.</param>
/// <param name="Channel">The channel written, or a special channel such as <see cref="GraphConstants.InterruptWrite"/>.</param>
/// <param name="Value">The value written.</param>
public readonly record struct PendingWrite(string TaskId, string Channel, JsonElement Value);
