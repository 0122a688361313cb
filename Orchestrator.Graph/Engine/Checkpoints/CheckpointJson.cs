using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>The JSON body of a checkpoint without its channel values (stores keep values separately, per channel and version).</summary>
public static class CheckpointJson
{
    /// <summary>Writes id, timestamp, versions and versions seen.</summary>
    public static void WriteBody(Utf8JsonWriter writer, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(checkpoint);
        writer.WriteStartObject();
        writer.WriteNumber("v", checkpoint.V);
        writer.WriteString("id", checkpoint.Id);
        writer.WriteString("ts", checkpoint.Ts.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteStartObject("channel_versions");
        foreach (var (channel, version) in checkpoint.ChannelVersions)
        {
            writer.WriteNumber(channel, version);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("versions_seen");
        foreach (var (node, seen) in checkpoint.VersionsSeen)
        {
            writer.WriteStartObject(node);
            foreach (var (channel, version) in seen)
            {
                writer.WriteNumber(channel, version);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("updated_channels");
        foreach (var channel in checkpoint.UpdatedChannels)
        {
            writer.WriteStringValue(channel);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/> and attaches the channel values.</summary>
    public static Checkpoint ReadBody(JsonElement body, IReadOnlyDictionary<string, JsonElement> channelValues)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in body.GetProperty("channel_versions").EnumerateObject())
        {
            versions[property.Name] = property.Value.GetInt64();
        }

        var seen = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var node in body.GetProperty("versions_seen").EnumerateObject())
        {
            var inner = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var property in node.Value.EnumerateObject())
            {
                inner[property.Name] = property.Value.GetInt64();
            }

            seen[node.Name] = inner;
        }

        return new Checkpoint
        {
            V = body.GetProperty("v").GetInt32(),
            Id = body.GetProperty("id").GetString()!,
            Ts = DateTimeOffset.Parse(body.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture),
            ChannelValues = channelValues,
            ChannelVersions = versions,
            VersionsSeen = seen,
            UpdatedChannels = body.TryGetProperty("updated_channels", out var updated) ? [.. updated.EnumerateArray().Select(u => u.GetString()!)] : [],
        };
    }
}
