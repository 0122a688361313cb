using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.SqlApi;
using Orchestrator.Cortex.Statements;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Statements;

/// <summary>
/// Statements on the local backend stay fetchable for the retention period after they finish, then are removed
/// with their spilled results, whatever else was submitted since.
/// </summary>
public sealed class StatementRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_000_000));
    private readonly string _spill = Path.Combine(Path.GetTempPath(), "statement-retention-" + Guid.NewGuid().ToString("N"));
    private NpgsqlDataSource _warehouse = null!;
    private LocalStatementService _service = null!;

    public async Task InitializeAsync()
    {
        _warehouse = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());
        var options = Options.Create(new LocalWarehouseOptions { ResultRetentionMinutes = 10, ResultCacheSeconds = 0, SpillDirectory = _spill });
        _service = new LocalStatementService(
            new LocalStatementExecutor(_warehouse, options, NullLogger<LocalStatementExecutor>.Instance),
            new StatementResultCache(options, _clock),
            options,
            _clock);
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _warehouse.DisposeAsync();
        if (Directory.Exists(_spill))
        {
            Directory.Delete(_spill, recursive: true);
        }
    }

    [Fact]
    public async Task Submit_AfterRetention_RemovesOnlyTheExpiredStatementsAndTheirResults()
    {
        var old = await RunAsync("SELECT 1", requestId: "retry-1");
        _clock.Advance(TimeSpan.FromMinutes(6));
        var recent = await RunAsync("SELECT 2", requestId: null);
        var spilled = Directory.GetDirectories(_spill, "*", SearchOption.AllDirectories).Length;

        _clock.Advance(TimeSpan.FromMinutes(5));
        var fresh = await RunAsync("SELECT 3", requestId: null);

        Assert.Null(_service.Find(old.Handle));
        Assert.Same(recent, _service.Find(recent.Handle));
        Assert.Same(fresh, _service.Find(fresh.Handle));
        Assert.False(Directory.EnumerateDirectories(_spill, old.Handle, SearchOption.AllDirectories).Any());
        Assert.True(spilled >= 2, $"expected both earlier results spilled, found {spilled} directories");

        // The expired statement's request id no longer answers with it: a new submission runs anew.
        var again = await RunAsync("SELECT 1", requestId: "retry-1");
        Assert.NotEqual(old.Handle, again.Handle);
    }

    [Fact]
    public async Task Submit_SameRequestIdWithinRetention_ReturnsTheStatementItStarted()
    {
        var first = await RunAsync("SELECT 1", requestId: "retry-2");
        _clock.Advance(TimeSpan.FromMinutes(9));

        var retried = await RunAsync("SELECT 1", requestId: "retry-2");

        Assert.Same(first, retried);
    }

    private async Task<StatementEntry> RunAsync(string statement, string? requestId)
    {
        var entry = _service.Submit(new StatementRequest { Statement = statement }, requestId);
        await entry.Completion.WaitAsync(Timeout);
        Assert.Null(entry.Error);
        Assert.NotNull(entry.Result);
        return entry;
    }
}
