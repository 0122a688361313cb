using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>
/// An independent implementation of AWS Signature Version 4 for the fake server, written from the
/// published specification (not from AWSSDK) and checked against the AWS SigV4 test-suite vectors.
/// </summary>
/// <remarks>
/// The canonical URI is built the way every service except S3 does: each segment of the path as it
/// travelled on the wire is URI-encoded again, so a wire <c>%3A</c> is signed as <c>%253A</c>.
/// </remarks>
public static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Encodes every byte except the unreserved characters A–Z a–z 0–9 - _ . ~ as %XX (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(UriEncode));

    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
                return (Name: UriEncode(name), Value: UriEncode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>Header values trimmed, inner runs of spaces collapsed, repeated headers joined with commas.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => string.Join(' ', v.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))));

    public static string CanonicalRequest(
        string method, string rawPath, string rawQuery, IReadOnlyList<KeyValuePair<string, string>> signedHeaders, string payloadHash)
    {
        var headers = signedHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        builder.Append(method).Append('\n')
            .Append(CanonicalUri(rawPath)).Append('\n')
            .Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n')
            .Append(string.Join(';', headers.Select(h => h.Key))).Append('\n')
            .Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, "aws4_request");
    }

    public static string Signature(string secretKey, string amzDate, string region, string service, string canonicalRequest)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var key = SigningKey(secretKey, date, region, service);
        return Convert.ToHexStringLower(Hmac(key, StringToSign(amzDate, scope, canonicalRequest)));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 ...</c> header.</summary>
    public sealed record Authorization(string AccessKey, string Date, string Region, string Service, string[] SignedHeaders, string Signature)
    {
        public static Authorization? Parse(string? header)
        {
            if (header is null || !header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
                .Select(f => f.Split('=', 2))
                .Where(f => f.Length == 2)
                .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("Credential", out var credential) ||
                !fields.TryGetValue("SignedHeaders", out var signedHeaders) ||
                !fields.TryGetValue("Signature", out var signature))
            {
                return null;
            }

            var scope = credential.Split('/');
            if (scope.Length != 5 || scope[4] != "aws4_request")
            {
                return null;
            }

            return new Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
        }
    }
}
