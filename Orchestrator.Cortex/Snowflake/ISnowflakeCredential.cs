namespace Orchestrator.Cortex.Snowflake;

/// <summary>Supplies the bearer token and its type header for requests to Snowflake.</summary>
public interface ISnowflakeCredential
{
    /// <summary>The value of <c>X-Snowflake-Authorization-Token-Type</c>: <c>KEYPAIR_JWT</c> or <c>PROGRAMMATIC_ACCESS_TOKEN</c>.</summary>
    string TokenType { get; }

    /// <summary>A token valid for at least the next minute.</summary>
    string GetToken();
}

/// <summary>A programmatic access token, sent as is.</summary>
public sealed class ProgrammaticAccessTokenCredential(string token) : ISnowflakeCredential
{
    /// <inheritdoc />
    public string TokenType => "PROGRAMMATIC_ACCESS_TOKEN";

    /// <inheritdoc />
    public string GetToken() => token;
}
