using System.Diagnostics;
using Orchestrator.Graph.Engine;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Graph.Service;

/// <summary>The official LangGraph JS SDK (<c>@langchain/langgraph-sdk</c>, installed by eng/setup-graph-node.sh) drives the service.</summary>
public class LangGraphSdkTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task LangGraphJsSdk_StreamsInterruptsReadsStateAndHistoryAndResumes()
    {
        var sdkDir = Path.Combine(FindRepositoryRoot(), "Orchestrator.Tests", "Graph", "sdk");
        Assert.True(Directory.Exists(Path.Combine(sdkDir, "node_modules", "@langchain", "langgraph-sdk")), "Run eng/setup-graph-node.sh to install the LangGraph JS SDK.");
        var db = await postgres.CreateDatabaseAsync("graphsdk").WaitAsync(TimeSpan.FromSeconds(60));
        await using var host = await GraphServiceHost.StartAsync(db, new TestWorkflows()).WaitAsync(TimeSpan.FromSeconds(60));

        var start = new ProcessStartInfo("node") { WorkingDirectory = sdkDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("sdk-flow.mjs");
        start.ArgumentList.Add(host.Address.ToString().TrimEnd('/'));
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(node.ExitCode == 0, $"node failed: {await error}");
        var summary = JsonBuilder.Parse((await output).Trim().Split('\n')[^1]);

        Assert.Equal(["approval", "chat", "slow"], summary.GetProperty("assistants").EnumerateArray().Select(a => a.GetString()));
        var events = summary.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("metadata", events[0]);
        Assert.Contains("values", events);
        Assert.Equal("Run this expensive query?", summary.GetProperty("streamedInterrupt").GetString());
        Assert.Equal(["approve"], summary.GetProperty("pausedNext").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("Run this expensive query?", summary.GetProperty("interruptQuestion").GetString());
        Assert.Equal([0, -1], summary.GetProperty("historySteps").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(["revenue by region", "approved: yes"], summary.GetProperty("resumedMessages").EnumerateArray().Select(m => m.GetString()));
        Assert.Empty(summary.GetProperty("finalNext").EnumerateArray());
        Assert.Equal("interrupted", summary.GetProperty("firstRunStatus").GetString());
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above the test output.");
    }
}
