namespace Orchestrator.Tests.AI.Fakes;

/// <summary>A scripted answer of the fake Bedrock server to one Converse or ConverseStream call.</summary>
public abstract record FakeReply
{
    /// <summary>A Converse 200 response with this JSON body.</summary>
    public static FakeReply Converse(string json) => new ConverseReply(json);

    /// <summary>A ConverseStream 200 response with these frames, sent a few bytes at a time.</summary>
    public static FakeReply Stream(params byte[][] frames) => new StreamReply(frames, CorruptFrame: null);

    /// <summary>A stream whose frame at <paramref name="index"/> has one payload byte flipped after its CRC was computed.</summary>
    public static FakeReply CorruptStream(int index, params byte[][] frames) => new StreamReply(frames, index);

    /// <summary>An error in Bedrock's shape: the status, <c>x-amzn-ErrorType</c> and a <c>{"message"}</c> body.</summary>
    public static FakeReply Error(int status, string type, string message) => new ErrorReply(status, type, message);

    /// <summary>Text answer with a stop reason and usage, as Converse returns it.</summary>
    public static FakeReply Text(string text, int inputTokens = 11, int outputTokens = 7) => Converse(System.Text.Json.JsonSerializer.Serialize(new
    {
        output = new { message = new { role = "assistant", content = new[] { new { text } } } },
        stopReason = "end_turn",
        usage = new
        {
            inputTokens,
            outputTokens,
            totalTokens = inputTokens + outputTokens,
            cacheReadInputTokens = 5,
            cacheWriteInputTokens = 3,
        },
        metrics = new { latencyMs = 42 },
    }));
}

public sealed record ConverseReply(string Json) : FakeReply;

public sealed record StreamReply(byte[][] Frames, int? CorruptFrame) : FakeReply;

public sealed record ErrorReply(int Status, string Type, string Message) : FakeReply;
