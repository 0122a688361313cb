using System.Data.Common;
using System.Text;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Where Langfuse is and the project's keys, from <c>ConnectionStrings:langfuse</c>:
/// <c>Endpoint=https://cloud.langfuse.com;PublicKey=pk-lf-…;SecretKey=sk-lf-…</c>.
/// </summary>
public sealed record LangfuseConnection(Uri Endpoint, string PublicKey, string SecretKey)
{
    public const string ConnectionName = ResourceNames.Langfuse;

    /// <summary>Langfuse's OTLP/HTTP trace intake, relative to its host.</summary>
    public Uri TracesEndpoint => new(Endpoint, "api/public/otel/v1/traces");

    /// <summary>Basic auth with the public key as user and the secret key as password, as Langfuse's public API expects.</summary>
    public string AuthorizationHeaderValue => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PublicKey}:{SecretKey}"));

    /// <summary>Parses the connection string; null when it is absent (Langfuse is optional).</summary>
    /// <exception cref="InvalidOperationException">A part is missing or the endpoint is not an absolute http(s) URL.</exception>
    public static LangfuseConnection? Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(string name) => parts.TryGetValue(name, out var value) && value is string { Length: > 0 } text
            ? text
            : throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} has no '{name}' part; expected Endpoint=https://…;PublicKey=pk-lf-…;SecretKey=sk-lf-….");

        var endpoint = Part("Endpoint");
        if (!Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} has an 'Endpoint' that is not an absolute http(s) URL.");
        }

        return new LangfuseConnection(uri, Part("PublicKey"), Part("SecretKey"));
    }

    /// <summary>Never prints the secret key.</summary>
    public override string ToString() => $"Langfuse at {Endpoint} (public key {PublicKey})";
}
