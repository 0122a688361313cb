using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.AI.Embeddings;

/// <summary>
/// A text's embedding, computed once at the edge and handed to the next hop in an HTTP header, so no
/// service embeds the same question again (a local embedding costs about 7 ms of CPU).
/// </summary>
/// <remarks>
/// The header is <c>model;text-hash;vector</c>: the model that produced it, the start of the SHA-256 of the text it
/// embeds (so it is used for that text only), and the float32 vector in little-endian, base64. A receiver uses it
/// only when the model is its own and the text matches; otherwise it embeds as usual. A forged hint can only move a
/// similarity ranking: it never reaches SQL, which is checked as always.
/// </remarks>
public static class EmbeddingHint
{
    public const string HeaderName = "X-Orchestrator-Embedding";

    private const int HashBytes = 12;

    /// <summary>The header value for <paramref name="vector"/>, the embedding of <paramref name="text"/> by <paramref name="model"/>.</summary>
    public static string Encode(string model, string text, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return $"{model};{TextHash(text)};{Convert.ToBase64String(bytes)}";
    }

    /// <summary>The vector in <paramref name="header"/> when it embeds <paramref name="text"/> with <paramref name="model"/>; null otherwise or when malformed.</summary>
    public static float[]? TryDecode(string? header, string model, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = header?.Split(';');
        if (parts is not { Length: 3 } || parts[0] != model || parts[1] != TextHash(text))
        {
            return null;
        }

        var bytes = new byte[parts[2].Length * 3 / 4];
        if (!Convert.TryFromBase64String(parts[2], bytes, out var written) || written == 0 || written % sizeof(float) != 0)
        {
            return null;
        }

        var vector = new float[written / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            if (!float.IsFinite(vector[i]))
            {
                return null;
            }
        }

        return vector;
    }

    /// <summary>The model a hint says produced it, or null when it is not a hint.</summary>
    public static string? ModelOf(string? header) =>
        header?.IndexOf(';', StringComparison.Ordinal) is > 0 and var end ? header[..end] : null;

    private static string TextHash(string text) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, HashBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
