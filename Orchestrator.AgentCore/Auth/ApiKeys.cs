using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.AgentCore.Auth;

/// <summary>
/// The API key format: <c>ack_&lt;id&gt;_&lt;secret&gt;</c>. The id (12 hex digits) finds the row; the
/// 256-bit secret makes the key unguessable, so a plain SHA-256 of the whole key is a safe
/// at-rest form (no salt or slow hash is needed for high-entropy secrets).
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "ack_";
    private const int IdHexLength = 12;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new random key and its id.</summary>
    public static (string Id, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id of a well-formed key, or null.</summary>
    public static string? TryGetId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length > Prefix.Length + IdHexLength + 1
            && key.StartsWith(Prefix, StringComparison.Ordinal)
            && key[Prefix.Length + IdHexLength] == '_'
            && key.AsSpan(Prefix.Length, IdHexLength).ContainsAnyExcept(LowerHex) is false
            ? key.Substring(Prefix.Length, IdHexLength)
            : null;
    }

    /// <summary>The stored form of a key.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool Matches(string key, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    /// <summary>Compares two secrets (e.g. the bootstrap key) in constant time, whatever their lengths.</summary>
    public static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), Hash(expected));
}
