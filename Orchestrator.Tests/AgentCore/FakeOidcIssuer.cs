using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AgentCore;

/// <summary>
/// A loopback OpenID Connect issuer shaped like a Cognito user pool: discovery document and JWKS
/// with one RS256 key, and tokens signed with it.
/// </summary>
public sealed class FakeOidcIssuer : IAsyncDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _app = null!;

    public string Issuer => _app.Urls.First();

    public static async Task<FakeOidcIssuer> StartAsync()
    {
        var issuer = new FakeOidcIssuer();
        issuer._app = await LoopbackWebApp.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer.Issuer,
                ["jwks_uri"] = issuer.Issuer + "/.well-known/jwks.json",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }));
            app.MapGet("/.well-known/jwks.json", () =>
            {
                var parameters = issuer._rsa.ExportParameters(false);
                return Results.Json(new { keys = new[] { new { kty = "RSA", kid = "k1", use = "sig", alg = "RS256", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
            });
        });
        return issuer;
    }

    /// <summary>A signed token; a different <paramref name="signingKey"/> makes a forged one.</summary>
    public string CreateToken(string subject, string audience, RSA? signingKey = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signingKey ?? _rsa) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
