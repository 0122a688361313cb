namespace Orchestrator.Cortex.Configuration;

/// <summary>Which warehouse answers the northbound API.</summary>
public enum CortexBackendKind
{
    /// <summary>The local PostgreSQL <c>warehouse-db</c> with the demo data set.</summary>
    Local,
    /// <summary>A real Snowflake account over its REST APIs.</summary>
    Snowflake,
}

/// <summary>The backend choice (<c>Cortex:Backend</c> = <c>local</c> | <c>snowflake</c>).</summary>
public sealed class CortexBackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cortex";

    /// <summary>The backend; <c>local</c> unless configured.</summary>
    public CortexBackendKind Backend { get; set; } = CortexBackendKind.Local;
}
