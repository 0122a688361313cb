namespace Orchestrator.AI.Configuration;

/// <summary>The parsed <c>chat-model</c> connection string.</summary>
/// <param name="Provider">Which provider serves the model.</param>
/// <param name="Model">The model id (for Bedrock a plain id or an inference-profile ARN); null for Offline.</param>
/// <param name="Region">The AWS region (Bedrock only).</param>
/// <param name="Endpoint">
/// For Bedrock an optional override of <c>https://bedrock-runtime.{Region}.amazonaws.com</c> (VPC endpoints,
/// proxies); for OpenAI the base address of the API, such as <c>http://127.0.0.1:11434/v1</c>.
/// </param>
/// <param name="Key">The API key (OpenAI only; optional for local servers).</param>
public sealed record ChatModelSettings(
    ChatModelProvider Provider,
    string? Model = null,
    string? Region = null,
    Uri? Endpoint = null,
    string? Key = null)
{
    /// <summary>The settings used when nothing is configured.</summary>
    public static ChatModelSettings Offline { get; } = new(ChatModelProvider.Offline);

    /// <summary>The Bedrock Runtime address requests go to: the override, else the regional public endpoint.</summary>
    public Uri BedrockEndpoint => Endpoint ?? new Uri($"https://bedrock-runtime.{Region}.amazonaws.com/");

    /// <summary>Prints the settings without the key, for logs and health reports.</summary>
    public override string ToString() =>
        $"Provider={Provider}" +
        (Model is null ? "" : $";Model={Model}") +
        (Region is null ? "" : $";Region={Region}") +
        (Endpoint is null ? "" : $";Endpoint={Endpoint}") +
        (Key is null ? "" : ";Key=***");
}
