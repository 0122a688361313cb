using System.Buffers.Binary;
using System.IO.Hashing;

namespace Orchestrator.AI.Bedrock.EventStream;

/// <summary>
/// Reads AWS event-stream frames (<c>application/vnd.amazon.eventstream</c>) from a stream:
/// a 12-byte prelude (total length, headers length, CRC-32 of the first 8 bytes), headers,
/// payload and a CRC-32 of everything before it, all big-endian.
/// </summary>
/// <remarks>
/// Both checksums are verified; a mismatch, a truncated frame or an impossible length throws
/// <see cref="InvalidDataException"/> naming the frame, because a corrupted frame cannot be
/// resynchronised — the lengths that delimit the next frame are themselves suspect.
/// </remarks>
internal sealed class EventStreamReader(Stream stream)
{
    private const int PreludeLength = 12;
    private const int MinimumMessageLength = PreludeLength + 4;

    // The event-stream specification caps a message at 16 MiB and its headers at 128 KiB.
    private const int MaximumMessageLength = 16 * 1024 * 1024;
    private const int MaximumHeadersLength = 128 * 1024;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _frameIndex;

    /// <summary>Reads the next frame, or returns null at a clean end of stream.</summary>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(PreludeLength, cancellationToken))
        {
            return _end == _start ? null : throw Corrupt("the stream ended inside a frame's prelude");
        }

        var prelude = _buffer.AsSpan(_start, PreludeLength);
        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]);
        var computedPreludeCrc = Crc32.HashToUInt32(prelude[..8]);
        if (computedPreludeCrc != preludeCrc)
        {
            throw Corrupt($"its prelude CRC is 0x{preludeCrc:x8} but the prelude hashes to 0x{computedPreludeCrc:x8}");
        }

        if (totalLength is < MinimumMessageLength or > MaximumMessageLength ||
            headersLength > MaximumHeadersLength || headersLength > totalLength - MinimumMessageLength)
        {
            throw Corrupt($"its lengths are impossible (total {totalLength}, headers {headersLength})");
        }

        var length = (int)totalLength;
        if (!await FillAsync(length, cancellationToken))
        {
            throw Corrupt($"the stream ended after {_end - _start} of its {length} bytes");
        }

        var frame = _buffer.AsMemory(_start, length);
        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(frame.Span[^4..]);
        var computedMessageCrc = Crc32.HashToUInt32(frame.Span[..^4]);
        if (computedMessageCrc != messageCrc)
        {
            throw Corrupt($"its message CRC is 0x{messageCrc:x8} but the frame hashes to 0x{computedMessageCrc:x8}");
        }

        var headers = ParseHeaders(frame.Span.Slice(PreludeLength, (int)headersLength));
        var payload = frame[(PreludeLength + (int)headersLength)..^4];
        _start += length;
        _frameIndex++;
        return new EventStreamMessage(headers, payload);
    }

    private List<KeyValuePair<string, object>> ParseHeaders(ReadOnlySpan<byte> span)
    {
        var headers = new List<KeyValuePair<string, object>>(4);
        while (!span.IsEmpty)
        {
            var nameLength = span[0];
            if (nameLength == 0 || span.Length < 1 + nameLength + 1)
            {
                throw Corrupt("a header name overruns the headers section");
            }

            var name = KnownStrings.Get(span.Slice(1, nameLength));
            var type = span[1 + nameLength];
            span = span[(2 + nameLength)..];
            headers.Add(new(name, ReadValue(type, ref span)));
        }

        return headers;
    }

    private object ReadValue(byte type, ref ReadOnlySpan<byte> span)
    {
        int size;
        object value;
        switch (type)
        {
            case 0: return true;
            case 1: return false;
            case 2: size = 1; Need(span, size); value = span[0]; break;
            case 3: size = 2; Need(span, size); value = BinaryPrimitives.ReadInt16BigEndian(span); break;
            case 4: size = 4; Need(span, size); value = BinaryPrimitives.ReadInt32BigEndian(span); break;
            case 5: size = 8; Need(span, size); value = BinaryPrimitives.ReadInt64BigEndian(span); break;
            case 6 or 7:
                Need(span, 2);
                var length = BinaryPrimitives.ReadUInt16BigEndian(span);
                size = 2 + length;
                Need(span, size);
                var bytes = span.Slice(2, length);
                value = type == 7 ? KnownStrings.Get(bytes) : bytes.ToArray();
                break;
            case 8:
                size = 8; Need(span, size);
                value = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(span));
                break;
            case 9: size = 16; Need(span, size); value = new Guid(span[..16], bigEndian: true); break;
            default: throw Corrupt($"a header has the unknown value type {type}");
        }

        span = span[size..];
        return value;
    }

    private void Need(ReadOnlySpan<byte> span, int size)
    {
        if (span.Length < size)
        {
            throw Corrupt("a header value overruns the headers section");
        }
    }

    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_buffer.Length - _start < count)
        {
            // Move the unread bytes to the front, growing the buffer only for a frame larger than it.
            var target = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        while (_end - _start < count)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    private InvalidDataException Corrupt(string problem) =>
        new($"Event-stream frame {_frameIndex} from Bedrock is corrupt: {problem}. The response was damaged in transit; retry the request.");
}
