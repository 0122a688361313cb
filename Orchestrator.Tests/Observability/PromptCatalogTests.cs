using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.AI.Prompts;

namespace Orchestrator.Tests.Observability;

public class PromptCatalogTests : IAsyncLifetime
{
    private FakeLangfuse _langfuse = null!;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public async Task InitializeAsync() => _langfuse = await FakeLangfuse.StartAsync();

    public async Task DisposeAsync() => await _langfuse.DisposeAsync();

    private IPromptCatalog CreateCatalog(string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:langfuse"] = connectionString,
            ["Langfuse:Prompts:CacheSeconds"] = "60",
        });
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.AddPromptCatalog();
        return builder.Build().Services.GetRequiredService<IPromptCatalog>();
    }

    [Fact]
    public async Task Get_FetchesTheProductionLabelNotTheNewestVersion()
    {
        _langfuse.SeedPrompt("supervisor", "route v1", "production");
        _langfuse.SeedPrompt("supervisor", "route v2", "production");
        _langfuse.SeedPrompt("supervisor", "route v3 draft", "staging");
        var catalog = CreateCatalog(_langfuse.ConnectionString);

        var prompt = await catalog.GetAsync("supervisor", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((2, "route v2", PromptSource.Langfuse), (prompt.Version, prompt.Text, prompt.Source));
    }

    [Fact]
    public async Task Get_WithinTtl_IsServedFromCache()
    {
        _langfuse.SeedPrompt("analyst", "sql please", "production");
        var catalog = CreateCatalog(_langfuse.ConnectionString);

        await catalog.GetAsync("analyst", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(59));
        await catalog.GetAsync("analyst", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, _langfuse.PromptFetches);
    }

    [Fact]
    public async Task Get_AfterTtl_ServesStaleAtOnceAndRefreshesInTheBackground()
    {
        _langfuse.SeedPrompt("synthesizer", "old", "production");
        var catalog = CreateCatalog(_langfuse.ConnectionString);
        await catalog.GetAsync("synthesizer", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        _langfuse.SeedPrompt("synthesizer", "new", "production");
        _clock.Advance(TimeSpan.FromSeconds(61));

        var stale = await catalog.GetAsync("synthesizer", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        PromptTemplate refreshed;
        do
        {
            await Task.Delay(20);
            refreshed = await catalog.GetAsync("synthesizer", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        while (refreshed.Text != "new" && DateTime.UtcNow < deadline);

        Assert.Equal("old", stale.Text);
        Assert.Equal((2, "new"), (refreshed.Version, refreshed.Text));
        Assert.Equal(2, _langfuse.PromptFetches);
    }

    [Fact]
    public async Task Get_LangfuseDown_FallsBackToTheVersionedLocalPrompt()
    {
        _langfuse.Down = true;
        var catalog = CreateCatalog(_langfuse.ConnectionString);

        var prompt = await catalog.GetAsync("supervisor", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PromptSource.Local, prompt.Source);
        Assert.Equal(LocalPrompts.Get("supervisor").Version, prompt.Version);
        Assert.Contains("analyst", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutLangfuse_UsesLocalPromptsWithoutAnyCall()
    {
        var catalog = CreateCatalog(null);

        var prompt = await catalog.GetAsync("analyst", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PromptSource.Local, prompt.Source);
        Assert.Equal(0, _langfuse.PromptFetches);
    }

    [Fact]
    public async Task Get_RecordsPromptNameAndVersionOnTheCurrentSpan()
    {
        _langfuse.SeedPrompt("supervisor", "route", "production");
        var catalog = CreateCatalog(_langfuse.ConnectionString);
        using var source = new ActivitySource("prompt-test");
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == "prompt-test", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);

        using var activity = source.StartActivity("generation")!;
        await catalog.GetAsync("supervisor", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("supervisor", activity.GetTagItem(PromptCatalog.PromptNameAttribute));
        Assert.Equal(1, activity.GetTagItem(PromptCatalog.PromptVersionAttribute));
    }

    [Fact]
    public void LocalPrompts_HaveTheThreeAgentsPrompts()
    {
        Assert.Equal(["analyst", "supervisor", "synthesizer"], LocalPrompts.Templates.Keys.Order());
        Assert.All(LocalPrompts.Templates.Values, t => Assert.True(t.Version >= 1));
    }
}
