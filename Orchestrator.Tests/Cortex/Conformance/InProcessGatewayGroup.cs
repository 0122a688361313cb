namespace Orchestrator.Tests.Cortex.Conformance;

/// <summary>
/// Tests that host the gateway inside the test process. Its OpenTelemetry SDK listens to every
/// HttpClient in the process and rewrites the trace context of requests it did not start, which
/// breaks the AppHost tests' trace assertions; so these run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessGatewayGroup
{
    public const string Name = "In-process Cortex gateway";
}
