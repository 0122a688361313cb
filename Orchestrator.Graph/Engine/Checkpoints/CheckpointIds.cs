using System.Security.Cryptography;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>
/// Time-ordered identifiers: checkpoint ids (UUID version 7 text that sorts by creation time, strictly increasing
/// within a process) and channel versions (a monotonic 64-bit tick).
/// </summary>
/// <remarks>
/// Channel versions come from the same clock rather than a per-channel counter so that two forks of one thread never
/// produce the same (channel, version) pair, which the PostgreSQL store uses as the key of a value blob.
/// </remarks>
public static class CheckpointIds
{
    private static long s_last;

    /// <summary>The next tick: milliseconds since the Unix epoch shifted left 12 bits plus a sequence.</summary>
    public static long NextTick()
    {
        var candidate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 12;
        while (true)
        {
            var previous = Volatile.Read(ref s_last);
            var next = Math.Max(candidate, previous + 1);
            if (Interlocked.CompareExchange(ref s_last, next, previous) == previous)
            {
                return next;
            }
        }
    }

    /// <summary>A new channel version greater than <paramref name="current"/>.</summary>
    public static long NextVersion(long current) => Math.Max(NextTick(), current + 1);

    /// <summary>A new checkpoint id: UUIDv7 text, ordered by time.</summary>
    public static string New()
    {
        var tick = NextTick();
        var ms = tick >> 12;
        var seq = (int)(tick & 0xFFF);
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | (seq >> 8));
        bytes[7] = (byte)seq;
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return FormatUuid(bytes);
    }

    /// <summary>A deterministic UUID-shaped id (SHA-256 based) for the given parts, used for task and interrupt ids.</summary>
    public static string Deterministic(string a, string b, string c, string d)
    {
        var text = string.Concat(a, "\u001f", b, "\u001f", c, "\u001f", d);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return FormatUuid(hash[..16]);
    }

    private static string FormatUuid(ReadOnlySpan<byte> b) => string.Create(36, b.ToArray(), static (span, bytes) =>
    {
        var pos = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                span[pos++] = '-';
            }

            span[pos++] = Hex(bytes[i] >> 4);
            span[pos++] = Hex(bytes[i] & 0xF);
        }
    });

    private static char Hex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
