using System.Buffers.Binary;
using System.IO.Hashing;

namespace AI.Bench;

/// <summary>
/// Baselines for the event-stream reader: stepping from frame to frame by the length prefix, with
/// and without the two CRC checks, synchronously over the bytes in memory.
/// </summary>
internal static class FrameWalk
{
    public static int Count(byte[] bytes, bool checkCrcs)
    {
        var span = bytes.AsSpan();
        var frames = 0;
        while (!span.IsEmpty)
        {
            var total = (int)BinaryPrimitives.ReadUInt32BigEndian(span);
            if (checkCrcs &&
                (Crc32.HashToUInt32(span[..8]) != BinaryPrimitives.ReadUInt32BigEndian(span[8..]) ||
                 Crc32.HashToUInt32(span[..(total - 4)]) != BinaryPrimitives.ReadUInt32BigEndian(span[(total - 4)..])))
            {
                throw new InvalidDataException($"frame {frames} fails its CRC");
            }

            span = span[total..];
            frames++;
        }

        return frames;
    }
}
