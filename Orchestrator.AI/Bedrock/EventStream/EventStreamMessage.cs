namespace Orchestrator.AI.Bedrock.EventStream;

/// <summary>One decoded frame of the AWS event-stream encoding: typed headers and a binary payload.</summary>
/// <remarks>The payload points into the reader's buffer and is valid only until the next read.</remarks>
internal sealed class EventStreamMessage(List<KeyValuePair<string, object>> headers, ReadOnlyMemory<byte> payload)
{
    /// <summary>
    /// Header values in frame order: string, bool, byte, short, int, long, byte[], DateTimeOffset or Guid.
    /// A frame has a handful of headers, so a list searched in order beats a dictionary.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object>> Headers => headers;

    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary><c>:message-type</c>: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public string? MessageType => GetString(":message-type");

    /// <summary><c>:event-type</c> of an event, such as <c>contentBlockDelta</c>.</summary>
    public string? EventType => GetString(":event-type");

    public string? GetString(string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value as string;
            }
        }

        return null;
    }
}
