namespace Orchestrator.ServiceDefaults;

/// <summary>
/// The names of the resources in the application model. The AppHost declares them, the services
/// resolve connection strings and service-discovery URLs with them, and the tests look them up.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string OrchestratorDb = "orchestrator-db";
    public const string WarehouseDb = "warehouse-db";
    public const string ChatModel = "chat-model";
    public const string Langfuse = "langfuse";
    public const string Cortex = "cortex";
    public const string Graph = "graph";
    public const string AgentCore = "agentcore";
    public const string Aws = "aws";

    /// <summary>The service-discovery base address of a project resource: HTTPS when it has it, else HTTP.</summary>
    public static Uri ServiceUri(string resourceName) => new($"https+http://{resourceName}");
}
