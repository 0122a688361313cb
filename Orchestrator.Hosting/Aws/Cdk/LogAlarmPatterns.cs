namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The CloudWatch Logs filter patterns the alarms count with. They match the lines of
/// Microsoft.Extensions.Logging's JSON console formatter (<c>LogLevel</c>, <c>Category</c>,
/// <c>Message</c>, <c>Exception</c>, ...), which every ECS task writes (see <see cref="EcsTelemetryEnvironment"/>).
/// </summary>
public static class LogAlarmPatterns
{
    /// <summary>The namespace of the metrics the log filters publish.</summary>
    public const string Namespace = "MultiAgentOrchestrator/Logs";

    /// <summary>Lines logged at Error or Critical.</summary>
    public const string ErrorLogs = "{ $.LogLevel = \"Error\" || $.LogLevel = \"Critical\" }";

    /// <summary>
    /// Lines, at any level, whose exception is Npgsql failing to reach or log in to PostgreSQL: the
    /// server unreachable (<c>Failed to connect to</c>), the pool exhausted, or the server refusing the
    /// session (SQLSTATE 28P01 bad password, 53300 too many connections, 57P03 cannot connect now).
    /// </summary>
    /// <remarks>
    /// The exception, not a message, is matched because several places see the failure: the readiness
    /// check (Error), the graph's run queue (Warning, it retries), a request (Error). CloudWatch regular
    /// expressions allow no spaces or parentheses, hence <c>.</c> for a space and top-level alternation.
    /// </remarks>
    public const string DatabaseConnectionFailures =
        "{ $.Exception = %Npgsql\\.[A-Za-z]*Exception% && $.Exception = %Failed.to.connect.to|connection.pool.has.been.exhausted|28P01|53300|57P03% }";

    /// <summary>The metric name of a service's error-log count.</summary>
    public static string ErrorLogsMetric(string service) => $"{service}/ErrorLogs";

    /// <summary>The metric name of a service's database connection failures.</summary>
    public static string DatabaseConnectionFailuresMetric(string service) => $"{service}/DatabaseConnectionFailures";
}
