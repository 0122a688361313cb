using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Hosting.Aws.Cdk;
using Orchestrator.Hosting.Postgres;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// The log alarms' filter patterns against lines the services really write: real failures (Npgsql
/// against a closed port, HttpClient likewise) logged through the real JSON console formatter, matched
/// by a strict evaluator of CloudWatch's JSON pattern syntax.
/// </summary>
public sealed class LogAlarmPatternTests
{
    private static readonly CloudWatchFilterPattern ErrorLogs = CloudWatchFilterPattern.Parse(LogAlarmPatterns.ErrorLogs);
    private static readonly CloudWatchFilterPattern DatabaseFailures = CloudWatchFilterPattern.Parse(LogAlarmPatterns.DatabaseConnectionFailures);

    [Fact]
    public async Task DatabaseHealthCheck_PostgresUnreachable_LogsAnErrorLineBothPatternsMatch()
    {
        using var capture = new JsonConsoleCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "agentcore", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.OrchestratorDb}"] = $"Host=127.0.0.1;Port={FreeTcpPort.Pick()};Database=orchestrator;Username=app;Password=secret;Timeout=5",
        });
        builder.Logging.ClearProviders().AddProvider(capture);
        // The services' own registration: Aspire's Npgsql client integration with its health check.
        builder.AddNpgsqlDataSource(ResourceNames.OrchestratorDb);
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        var lines = capture.Lines.ToList();
        Assert.All(lines, line => Assert.Equal(line.TrimEnd('\r', '\n'), line.TrimEnd('\r', '\n').ReplaceLineEndings(string.Empty)));
        var failure = Assert.Single(lines, DatabaseFailures.Matches);
        Assert.Contains("\"LogLevel\":\"Error\"", failure, StringComparison.Ordinal);
        Assert.Contains("Failed to connect to 127.0.0.1", failure, StringComparison.Ordinal);
        Assert.True(ErrorLogs.Matches(failure));
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunQueueWarning_ConnectionRefused_DatabasePatternMatchesButNotErrorLogs()
    {
        using var capture = new JsonConsoleCapture();
        var exception = await OpenClosedPortAsync();
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(capture)))
        {
            // As the graph's run queue logs a claim that failed: a Warning, retried.
            factory.CreateLogger("Orchestrator.Graph.Runs.RunWorker").LogWarning(exception, "Claiming a run from the queue failed; retrying.");
        }

        var line = Assert.Single(capture.Lines);
        Assert.True(DatabaseFailures.Matches(line));
        Assert.False(ErrorLogs.Matches(line));
    }

    [Fact]
    public async Task ErrorLogs_HttpFailureAtErrorAndInformationLine_OnlyTheErrorCountsAndNotAsDatabase()
    {
        using var capture = new JsonConsoleCapture();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{FreeTcpPort.Pick()}/")).WaitAsync(TimeSpan.FromSeconds(30)));
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(capture)))
        {
            var logger = factory.CreateLogger("Orchestrator.AgentCore");
            logger.LogInformation("Route {Route} chosen", "analyst");
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", "POST", "/invocations");
            logger.LogCritical("Host terminated unexpectedly");
        }

        var lines = capture.Lines.ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([false, true, true], lines.Select(ErrorLogs.Matches));
        Assert.DoesNotContain(lines, DatabaseFailures.Matches);
    }

    [Theory]
    [InlineData("{ $.LogLevel = \"Err*\" }")]
    [InlineData("{ $.LogLevel = \"Error\" && $.Category = \"a\" || $.Category = \"b\" }")]
    [InlineData("{ $.Exception = %Failed to connect% }")]
    [InlineData("{ $.Exception = %(a|b)% }")]
    [InlineData("{ $.A = %a% && $.B = %b% && $.C = %c% }")]
    [InlineData("$.LogLevel = \"Error\"")]
    public void FilterPattern_OutsideTheEmulatedSyntax_IsRejected(string pattern) =>
        Assert.Throws<FormatException>(() => CloudWatchFilterPattern.Parse(pattern));

    private static async Task<NpgsqlException> OpenClosedPortAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={FreeTcpPort.Pick()};Database=orchestrator;Username=app;Password=secret;Timeout=5");
        return await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        });
    }
}
