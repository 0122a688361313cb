using System.Buffers.Binary;
using System.Text;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>
/// Writes AWS event-stream frames for the fake server, independently of the client's decoder:
/// prelude (total length, headers length, CRC-32 of those 8 bytes), string headers, payload, message CRC-32.
/// </summary>
public static class EventStreamEncoder
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Event(string eventType, string jsonPayload) => Encode(
        [(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")],
        Encoding.UTF8.GetBytes(jsonPayload));

    public static byte[] Exception(string exceptionType, string message) => Encode(
        [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
        Encoding.UTF8.GetBytes($$"""{"message":"{{message}}"}"""));

    public static byte[] Encode(IReadOnlyList<(string Name, string Value)> headers, byte[] payload)
    {
        using var headerBytes = new MemoryStream();
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(7);
            headerBytes.WriteByte((byte)(valueBytes.Length >> 8));
            headerBytes.WriteByte((byte)valueBytes.Length);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = 12 + headersLength + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headerBytes.ToArray().CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    /// <summary>The reflected CRC-32 of IEEE 802.3 (polynomial 0xEDB88320), which the event-stream format uses.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
