namespace Orchestrator.AI.Bedrock.EventStream;

/// <summary>One decoded frame of the AWS event-stream encoding: typed headers and a binary payload.</summary>
/// <remarks>The payload points into the reader's buffer and is valid only until the next read.</remarks>
internal sealed class EventStreamMessage(Dictionary<string, object> headers, ReadOnlyMemory<byte> payload)
{
    /// <summary>Header values: string, bool, byte, short, int, long, byte[], DateTimeOffset or Guid.</summary>
    public IReadOnlyDictionary<string, object> Headers => headers;

    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary><c>:message-type</c>: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public string? MessageType => GetString(":message-type");

    /// <summary><c>:event-type</c> of an event, such as <c>contentBlockDelta</c>.</summary>
    public string? EventType => GetString(":event-type");

    public string? GetString(string name) => headers.TryGetValue(name, out var value) ? value as string : null;
}
