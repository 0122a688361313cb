using System.Text.Json;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>
/// A snapshot of a graph's channels after a super-step (LangGraph's checkpoint shape). Immutable once saved.
/// </summary>
/// <remarks>
/// <see cref="ChannelValues"/> holds one serialised value per channel that has one; <see cref="ChannelVersions"/> holds a
/// version for every channel that was ever written, including the value-less trigger channels
/// (<c>branch:to:NODE</c>). A store may persist each (channel, version) value once and share it between checkpoints.
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The format version this engine writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The format version of this checkpoint.</summary>
    public int V { get; init; } = FormatVersion;

    /// <summary>The id; sorts by creation time.</summary>
    public required string Id { get; init; }

    /// <summary>When it was taken.</summary>
    public required DateTimeOffset Ts { get; init; }

    /// <summary>The serialised value of each channel that has one.</summary>
    public required IReadOnlyDictionary<string, JsonElement> ChannelValues { get; init; }

    /// <summary>The current version of every channel.</summary>
    public required IReadOnlyDictionary<string, long> ChannelVersions { get; init; }

    /// <summary>Per node, the versions of its trigger channels it has already consumed.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> VersionsSeen { get; init; }

    /// <summary>The channels the step that produced this checkpoint updated.</summary>
    public IReadOnlyList<string> UpdatedChannels { get; init; } = [];

    /// <summary>An empty checkpoint, the implicit parent of a new thread.</summary>
    public static Checkpoint Empty() => new()
    {
        Id = CheckpointIds.New(),
        Ts = DateTimeOffset.UtcNow,
        ChannelValues = new Dictionary<string, JsonElement>(),
        ChannelVersions = new Dictionary<string, long>(),
        VersionsSeen = new Dictionary<string, IReadOnlyDictionary<string, long>>(),
    };
}
