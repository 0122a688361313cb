using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Tests.Cortex.Fakes;

/// <summary>
/// The fake Snowflake's authentication, written from Snowflake's documentation rather than from the
/// gateway's code: a KEYPAIR_JWT must be RS256, signed by the public key registered for its
/// <c>sub</c>, with <c>iss</c> = <c>sub</c> + ".SHA256:" + that key's fingerprint, unexpired and
/// living at most one hour; a PROGRAMMATIC_ACCESS_TOKEN must be one that was issued.
/// </summary>
public sealed class FakeSnowflakeAuthenticator
{
    private readonly Dictionary<string, RSA> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);

    /// <summary>Registers a user's public key, like <c>ALTER USER … SET RSA_PUBLIC_KEY</c>.</summary>
    /// <param name="qualifiedUser">ACCOUNT.USER as Snowflake expects it in <c>sub</c>.</param>
    /// <param name="publicKeyPem">The public key in SubjectPublicKeyInfo PEM.</param>
    public void RegisterPublicKey(string qualifiedUser, string publicKeyPem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        _keys[qualifiedUser] = rsa;
    }

    /// <summary>Issues a programmatic access token.</summary>
    public void RegisterProgrammaticAccessToken(string token) => _tokens.Add(token);

    /// <summary>Checks the request's credentials; returns an error message or null when they are valid.</summary>
    public string? Authenticate(string? authorization, string? tokenType, DateTimeOffset now, out string? subject)
    {
        subject = null;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "Missing bearer token.";
        }

        var token = authorization["Bearer ".Length..];
        return tokenType switch
        {
            "PROGRAMMATIC_ACCESS_TOKEN" => _tokens.Contains(token) ? null : "Programmatic access token is invalid.",
            "KEYPAIR_JWT" => ValidateJwt(token, now, out subject),
            _ => $"Unsupported X-Snowflake-Authorization-Token-Type '{tokenType}'.",
        };
    }

    private string? ValidateJwt(string token, DateTimeOffset now, out string? subject)
    {
        subject = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return "JWT token is invalid: not three segments.";
        }

        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "JWT token is invalid: alg must be RS256.";
        }

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var claims = payload.RootElement;
        var sub = claims.GetProperty("sub").GetString() ?? string.Empty;
        var iss = claims.GetProperty("iss").GetString() ?? string.Empty;
        if (!string.Equals(sub, sub.ToUpperInvariant(), StringComparison.Ordinal) || !_keys.TryGetValue(sub, out var key))
        {
            return $"JWT token is invalid: no public key registered for sub '{sub}'.";
        }

        // The fingerprint Snowflake shows as RSA_PUBLIC_KEY_FP: SHA-256 over the DER SubjectPublicKeyInfo.
        var expectedIssuer = sub + ".SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        if (iss != expectedIssuer)
        {
            return $"JWT token is invalid: iss '{iss}' does not match the registered key's fingerprint.";
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!key.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "JWT token is invalid: bad signature.";
        }

        var iat = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("iat").GetInt64());
        var exp = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        if (exp <= now)
        {
            return "JWT token has expired.";
        }

        if (exp - iat > TimeSpan.FromHours(1) || iat > now + TimeSpan.FromMinutes(1))
        {
            return "JWT token is invalid: lifetime longer than one hour or issued in the future.";
        }

        subject = sub;
        return null;
    }

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
