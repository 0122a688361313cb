using System.Diagnostics;
using Orchestrator.AI.Prompts;

namespace Orchestrator.Tests.Observability;

public class PromptUploadTests
{
    [Fact]
    public async Task UploadScript_SendsEveryLocalPromptOnce_AndIsIdempotent()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();

        var first = await RunUploadAsync(langfuse);
        var second = await RunUploadAsync(langfuse);

        Assert.Contains($"{LocalPrompts.Templates.Count} prompt(s) uploaded", first, StringComparison.Ordinal);
        Assert.Contains("0 prompt(s) uploaded", second, StringComparison.Ordinal);
        var client = new LangfusePromptClient(new SingleClientFactory(), Orchestrator.ServiceDefaults.Telemetry.LangfuseConnection.Parse(langfuse.ConnectionString)!);
        var supervisor = await client.GetAsync("supervisor", "production", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LocalPrompts.Get("supervisor").Text, supervisor!.Text);
        Assert.Equal(1, supervisor.Version);
    }

    private static async Task<string> RunUploadAsync(FakeLangfuse langfuse)
    {
        var script = Path.Combine(RepositoryRoot(), "eng", "upload-prompts.mjs");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LANGFUSE_HOST"] = langfuse.Endpoint;
        start.Environment["LANGFUSE_PUBLIC_KEY"] = FakeLangfuse.PublicKey;
        start.Environment["LANGFUSE_SECRET_KEY"] = FakeLangfuse.SecretKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await errors);
        return await output;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above the test binaries.");
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
