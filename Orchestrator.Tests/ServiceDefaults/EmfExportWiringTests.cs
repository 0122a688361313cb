using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orchestrator.ServiceDefaults;
using Orchestrator.ServiceDefaults.Telemetry.Emf;

namespace Orchestrator.Tests.ServiceDefaults;

/// <summary>The EMF export as every service gets it from <c>ConfigureOpenTelemetry</c>.</summary>
public sealed class EmfExportWiringTests
{
    [Fact]
    public async Task ConfigureOpenTelemetry_EmfEnabled_WritesOrchestratorMetricsUnderTheConfiguredNamespace()
    {
        using var output = new StringWriter();
        using var host = Host(output, ("Enabled", "true"), ("Namespace", "Orchestrator/Test"));
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var meter = new Meter("Orchestrator.Tests.Wiring." + Guid.NewGuid().ToString("N"));
        meter.CreateCounter<long>("orchestrator.test.wired").Add(7, new KeyValuePair<string, object?>("outcome", "success"));

        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var line = Assert.Single(output.ToString().Split('\n'), l => l.Contains("orchestrator.test.wired", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(line);
        Assert.Equal("Orchestrator/Test", document.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(7, document.RootElement.GetProperty("orchestrator.test.wired").GetDouble());
        Assert.Equal("graph", document.RootElement.GetProperty("Service").GetString());
    }

    [Fact]
    public async Task ConfigureOpenTelemetry_EmfDisabledByDefault_WritesNothing()
    {
        using var output = new StringWriter();
        using var host = Host(output);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var meter = new Meter("Orchestrator.Tests.Wiring." + Guid.NewGuid().ToString("N"));
        meter.CreateCounter<long>("orchestrator.test.unwired").Add(1);

        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData("Namespace", "AWS/ECS", "Orchestrator:Telemetry:Emf:Namespace")]
    [InlineData("ExportIntervalMilliseconds", "10", "Orchestrator:Telemetry:Emf:ExportIntervalMilliseconds")]
    public async Task Start_InvalidEmfSetting_FailsNamingTheKey(string setting, string value, string key)
    {
        using var output = new StringWriter();
        using var host = Host(output, ("Enabled", "true"), (setting, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static IHost Host(TextWriter output, params (string Key, string Value)[] emf)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "graph",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(emf.Select(e => new KeyValuePair<string, string?>($"{EmfExportOptions.SectionName}:{e.Key}", e.Value)));
        builder.Services.AddKeyedSingleton(EmfExportExtensions.OutputServiceKey, output);
        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }
}
