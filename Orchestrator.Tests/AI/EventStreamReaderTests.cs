using System.Text;
using Orchestrator.AI.Bedrock.EventStream;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI;

public sealed class EventStreamReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Read_FramesDeliveredOneByteAtATime_DecodesHeadersAndPayloads()
    {
        var bytes = EventStreamEncoder.Event("contentBlockDelta", """{"x":1}""")
            .Concat(EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}""")).ToArray();
        var reader = new EventStreamReader(new TrickleStream(bytes));

        var first = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(("event", "contentBlockDelta"), (first!.MessageType, first.EventType));
        Assert.Equal("""{"x":1}""", Encoding.UTF8.GetString(first.Payload.Span));
        var second = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal("messageStop", second!.EventType);
        Assert.Null(await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Read_PreludeCorrupted_ThrowsNamingThePreludeCrc()
    {
        var frame = EventStreamEncoder.Event("messageStop", "{}");
        frame[2] ^= 0x01;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new EventStreamReader(new MemoryStream(frame)).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Contains("prelude CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StreamEndsInsideFrame_ThrowsTruncated()
    {
        var frame = EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new EventStreamReader(new MemoryStream(frame[..^5])).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Contains("stream ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FrameLargerThanBuffer_IsReassembled()
    {
        var text = new string('a', 100_000);
        var frame = EventStreamEncoder.Event("contentBlockDelta", $$"""{"t":"{{text}}"}""");

        var message = await new EventStreamReader(new TrickleStream(frame, 4096)).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(100_008, message!.Payload.Length);
    }

    /// <summary>Returns at most a few bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk = 1) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
