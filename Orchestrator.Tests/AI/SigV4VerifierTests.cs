using System.Text;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI;

/// <summary>
/// The fake server's own SigV4 implementation against vectors of the AWS SigV4 test suite
/// (credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, us-east-1, service "service").
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20150830T123600Z";
    private static readonly string EmptyHash = SigV4Verifier.Sha256Hex([]);

    private static readonly KeyValuePair<string, string>[] SuiteHeaders =
    [
        new("host", "example.amazonaws.com"),
        new("x-amz-date", AmzDate),
    ];

    [Theory]
    [InlineData("get-vanilla", "GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("get-utf8", "GET", "/\u1234", "", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")]
    [InlineData("post-vanilla", "POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("post-vanilla-query", "POST", "/", "Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")]
    public void Signature_TestSuiteVector_MatchesPublishedSignature(string vector, string method, string path, string query, string expected)
    {
        var canonical = SigV4Verifier.CanonicalRequest(method, path, query, SuiteHeaders, EmptyHash);

        var signature = SigV4Verifier.Signature(Secret, AmzDate, "us-east-1", "service", canonical);

        Assert.True(expected == signature, $"{vector}: expected {expected}, computed {signature}");
    }

    [Fact]
    public void StringToSign_GetVanilla_HashesTheCanonicalRequestAsPublished()
    {
        var canonical = SigV4Verifier.CanonicalRequest("GET", "/", "", SuiteHeaders, EmptyHash);

        var stringToSign = SigV4Verifier.StringToSign(AmzDate, "20150830/us-east-1/service/aws4_request", canonical);

        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            stringToSign);
        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EmptyHash, canonical);
    }

    [Fact]
    public void CanonicalRequest_GetUtf8_HashesAsPublished()
    {
        var canonical = SigV4Verifier.CanonicalRequest("GET", "/\u1234", "", SuiteHeaders, EmptyHash);

        Assert.StartsWith("GET\n/%E1%88%B4\n", canonical, StringComparison.Ordinal);
        Assert.Equal("2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102", SigV4Verifier.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
    }

    [Fact]
    public void CanonicalUri_EncodedColonOnTheWire_IsEncodedAgain()
    {
        Assert.Equal(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123%253Ainference-profile%252Fus.x/converse",
            SigV4Verifier.CanonicalUri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.x/converse"));
    }

    [Fact]
    public void Signature_OneHeaderChanged_Differs()
    {
        var tampered = new KeyValuePair<string, string>[] { new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123601Z") };

        var original = SigV4Verifier.Signature(Secret, AmzDate, "us-east-1", "service",
            SigV4Verifier.CanonicalRequest("GET", "/", "", SuiteHeaders, EmptyHash));
        var changed = SigV4Verifier.Signature(Secret, AmzDate, "us-east-1", "service",
            SigV4Verifier.CanonicalRequest("GET", "/", "", tampered, EmptyHash));

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void AuthorizationParse_SuiteHeader_ReadsScopeAndSignedHeaders()
    {
        var parsed = SigV4Verifier.Authorization.Parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

        Assert.NotNull(parsed);
        Assert.Equal(("AKIDEXAMPLE", "20150830", "us-east-1", "service"), (parsed.AccessKey, parsed.Date, parsed.Region, parsed.Service));
        Assert.Equal(["host", "x-amz-date"], parsed.SignedHeaders);
    }
}
