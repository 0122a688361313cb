using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Cortex.Snowflake;

namespace Orchestrator.Tests.Cortex.Snowflake;

public sealed class KeyPairJwtCredentialTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fingerprint_UnencryptedKey_MatchesOpenSslDerivation()
    {
        using var credential = new KeyPairJwtCredential("myorg-myaccount", "svc", TestKeys.PrivateKey, null, TimeSpan.FromHours(1), TimeProvider.System);

        Assert.Equal(TestKeys.ExpectedFingerprint, credential.Fingerprint);
    }

    [Fact]
    public void Fingerprint_EncryptedKey_MatchesOpenSslDerivation()
    {
        using var credential = new KeyPairJwtCredential("myorg-myaccount", "svc", TestKeys.EncryptedPrivateKey, TestKeys.Passphrase, TimeSpan.FromHours(1), TimeProvider.System);

        Assert.Equal(TestKeys.ExpectedFingerprint, credential.Fingerprint);
    }

    [Fact]
    public void Constructor_EncryptedKeyWithoutPassphrase_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new KeyPairJwtCredential("a", "u", TestKeys.EncryptedPrivateKey, null, TimeSpan.FromHours(1), TimeProvider.System));

        Assert.Contains("Cortex:Snowflake:PrivateKeyPassphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongPassphrase_ExplainsTheKeyFormat()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new KeyPairJwtCredential("a", "u", TestKeys.EncryptedPrivateKey, "wrong", TimeSpan.FromHours(1), TimeProvider.System));

        Assert.Contains("PKCS#8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetToken_Claims_FollowSnowflakeFormat()
    {
        var time = new FakeTimeProvider(Start);
        using var credential = new KeyPairJwtCredential("myorg.my_account", "cortex_svc", TestKeys.PrivateKey, null, TimeSpan.FromMinutes(59), time);

        var (header, claims) = Decode(credential.GetToken());

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("MYORG-MY_ACCOUNT.CORTEX_SVC", claims.GetProperty("sub").GetString());
        Assert.Equal("MYORG-MY_ACCOUNT.CORTEX_SVC." + TestKeys.ExpectedFingerprint, claims.GetProperty("iss").GetString());
        Assert.Equal(Start.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(Start.AddMinutes(59).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void GetToken_BeforeRenewal_ReturnsCachedTokenThenRenews()
    {
        var time = new FakeTimeProvider(Start);
        using var credential = new KeyPairJwtCredential("acct", "user", TestKeys.PrivateKey, null, TimeSpan.FromMinutes(60), time);

        var first = credential.GetToken();
        time.Advance(TimeSpan.FromMinutes(44));
        var cached = credential.GetToken();
        time.Advance(TimeSpan.FromMinutes(2));
        var renewed = credential.GetToken();

        Assert.Same(first, cached);
        Assert.NotEqual(first, renewed);
        Assert.Equal(Start.AddMinutes(46).ToUnixTimeSeconds(), Decode(renewed).Claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public void Constructor_LifetimeOverOneHour_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyPairJwtCredential("a", "u", TestKeys.PrivateKey, null, TimeSpan.FromMinutes(61), TimeProvider.System));
    }

    [Theory]
    [InlineData("myorg-myaccount", "MYORG-MYACCOUNT")]
    [InlineData("myorg.myaccount", "MYORG-MYACCOUNT")]
    [InlineData("xy12345.us-east-2.aws", "XY12345")]
    [InlineData("xy12345.us-east-1", "XY12345")]
    [InlineData("xy12345.east-us-2.azure", "XY12345")]
    [InlineData("xy12345.us-east-2.aws.snowflakecomputing.com", "XY12345")]
    [InlineData("myorg-myaccount.privatelink", "MYORG-MYACCOUNT")]
    [InlineData("xy12345-prod.global", "XY12345")]
    public void NormalizeForJwt_AccountForms_FollowSnowflakeRules(string account, string expected)
    {
        Assert.Equal(expected, SnowflakeAccount.NormalizeForJwt(account));
    }

    private static (JsonElement Header, JsonElement Claims) Decode(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return (Parse(parts[0]), Parse(parts[1]));

        static JsonElement Parse(string segment)
        {
            var s = segment.Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(s))).RootElement.Clone();
        }
    }
}
