using System.Text.Json;

namespace Orchestrator.Graph.Runs;

/// <summary>Run statuses of the LangGraph Server API.</summary>
public static class RunStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Success = "success";
    public const string Error = "error";
    public const string Timeout = "timeout";
    public const string Interrupted = "interrupted";

    /// <summary>Whether the run will not change any more.</summary>
    public static bool IsFinal(string status) => status is Success or Error or Timeout or Interrupted;
}

/// <summary>A thread row.</summary>
public sealed record ThreadRecord(string ThreadId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Metadata, string Status);

/// <summary>A run row.</summary>
public sealed record RunRecord(
    string RunId,
    string ThreadId,
    string AssistantId,
    string Status,
    JsonElement Payload,
    JsonElement Metadata,
    string MultitaskStrategy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonElement? Result,
    JsonElement? Error,
    int Attempt,
    string? TraceParent = null,
    string? TraceBaggage = null);

/// <summary>The outcome of asking to create a run on a thread.</summary>
public enum RunCreation
{
    /// <summary>Created; the caller may execute it now.</summary>
    Created,

    /// <summary>Created behind other runs of the thread (enqueue, or interrupt/rollback waiting for the old run to stop).</summary>
    Queued,

    /// <summary>The thread does not exist.</summary>
    ThreadNotFound,

    /// <summary>The thread is busy and the strategy is reject.</summary>
    Busy,
}
