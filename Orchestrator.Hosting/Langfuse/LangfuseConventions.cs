namespace Orchestrator.Hosting.Langfuse;

/// <summary>
/// The values a self-hosted Langfuse has wherever it runs (containers beside the app or ECS tasks in
/// AWS): ports, the ClickHouse user, and the organisation and project its headless initialisation creates.
/// </summary>
public static class LangfuseConventions
{
    /// <summary>The port of the web container.</summary>
    public const int WebPort = 3000;

    /// <summary>The port of the worker container.</summary>
    public const int WorkerPort = 3030;

    /// <summary>ClickHouse's HTTP port.</summary>
    public const int ClickHouseHttpPort = 8123;

    /// <summary>ClickHouse's native (TCP) port, used by migrations.</summary>
    public const int ClickHouseNativePort = 9000;

    /// <summary>The ClickHouse user Langfuse signs in as.</summary>
    public const string ClickHouseUser = "clickhouse";

    /// <summary>The database Langfuse keeps its state in on the shared PostgreSQL server.</summary>
    public const string DatabaseName = "langfuse";

    /// <summary>Langfuse's health endpoint.</summary>
    public const string HealthPath = "/api/public/health";

    /// <summary>Prefix of a Langfuse public key.</summary>
    public const string PublicKeyPrefix = "pk-lf-";

    /// <summary>Prefix of a Langfuse secret key.</summary>
    public const string SecretKeyPrefix = "sk-lf-";

    /// <summary>The headless initialisation settings of the web container (organisation and project).</summary>
    public static IReadOnlyDictionary<string, string> InitialProject { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LANGFUSE_INIT_ORG_ID"] = "orchestrator",
        ["LANGFUSE_INIT_ORG_NAME"] = "Multi-Agent Orchestrator",
        ["LANGFUSE_INIT_PROJECT_ID"] = "orchestrator",
        ["LANGFUSE_INIT_PROJECT_NAME"] = "orchestrator",
    };
}
