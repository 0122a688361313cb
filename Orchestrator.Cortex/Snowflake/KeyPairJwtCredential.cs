using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>
/// Signs Snowflake key-pair JWTs (RS256) with a PKCS#8 private key and caches the token until
/// shortly before it expires.
/// </summary>
/// <remarks>
/// <c>iss</c> is <c>ACCOUNT.USER.SHA256:&lt;fingerprint&gt;</c> and <c>sub</c> is <c>ACCOUNT.USER</c>,
/// with the account normalised by <see cref="SnowflakeAccount.NormalizeForJwt"/> and the user upper-cased;
/// the fingerprint is the base64 SHA-256 of the public key's SubjectPublicKeyInfo DER, the value
/// <c>DESCRIBE USER</c> shows as RSA_PUBLIC_KEY_FP. A token is renewed once less than a quarter of its
/// lifetime (at least a minute) remains, so a request never carries one about to expire.
/// </remarks>
public sealed class KeyPairJwtCredential : ISnowflakeCredential, IDisposable
{
    private readonly RSA _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>Creates the credential from a PEM private key (<c>PRIVATE KEY</c> or <c>ENCRYPTED PRIVATE KEY</c>).</summary>
    public KeyPairJwtCredential(string account, string user, string privateKeyPem, string? passphrase, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "Snowflake accepts key-pair JWTs living at most one hour.");
        }

        _key = LoadKey(privateKeyPem, passphrase);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _lifetime = lifetime;
        Fingerprint = ComputeFingerprint(_key);
        QualifiedUser = $"{SnowflakeAccount.NormalizeForJwt(account)}.{user.Trim().ToUpperInvariant()}";
    }

    /// <inheritdoc />
    public string TokenType => "KEYPAIR_JWT";

    /// <summary>The public-key fingerprint, <c>SHA256:&lt;base64&gt;</c>.</summary>
    public string Fingerprint { get; }

    /// <summary>The <c>sub</c> claim: <c>ACCOUNT.USER</c>.</summary>
    public string QualifiedUser { get; }

    /// <summary>The <c>iss</c> claim: <c>ACCOUNT.USER.SHA256:&lt;base64&gt;</c>.</summary>
    public string Issuer => $"{QualifiedUser}.{Fingerprint}";

    /// <inheritdoc />
    public string GetToken()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_token is null || now >= _renewAt)
            {
                _token = CreateToken(now);
                var margin = TimeSpan.FromTicks(Math.Max(_lifetime.Ticks / 4, TimeSpan.FromMinutes(1).Ticks));
                _renewAt = now + (_lifetime > margin ? _lifetime - margin : TimeSpan.Zero);
            }

            return _token;
        }
    }

    /// <summary>The fingerprint of <paramref name="key"/>'s public half: <c>SHA256:</c> + base64(SHA-256(SubjectPublicKeyInfo DER)).</summary>
    public static string ComputeFingerprint(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private string CreateToken(DateTimeOffset now)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = QualifiedUser,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _lifetime).ToUnixTimeSeconds(),
        });
        var signingInput = Base64Url(header) + "." + Base64Url(payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static RSA LoadKey(string pem, string? passphrase)
    {
        var rsa = RSA.Create();
        try
        {
            if (pem.Contains("BEGIN ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(passphrase))
                {
                    throw new InvalidOperationException("The private key is encrypted; set Cortex:Snowflake:PrivateKeyPassphrase.");
                }

                rsa.ImportFromEncryptedPem(pem, passphrase);
            }
            else
            {
                rsa.ImportFromPem(pem);
            }

            return rsa;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new InvalidOperationException("The Snowflake private key could not be read: expected an RSA key in PKCS#8 PEM (rsa_key.p8), and the right passphrase if it is encrypted.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
