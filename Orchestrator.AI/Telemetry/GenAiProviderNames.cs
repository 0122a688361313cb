namespace Orchestrator.AI.Telemetry;

/// <summary>
/// Values of the <c>gen_ai.provider.name</c> attribute from the OpenTelemetry GenAI semantic conventions.
/// </summary>
public static class GenAiProviderNames
{
    public const string Bedrock = "aws.bedrock";
    public const string OpenAI = "openai";
    public const string LocalEmbeddings = "snowflake.arctic-embed";
}
