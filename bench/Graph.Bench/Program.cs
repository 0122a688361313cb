using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Graph.Bench;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Persistence;
using Orchestrator.ServiceDefaults.Data;

// Per-super-step overhead of the graph engine on a 3-node loop, in memory and with PostgreSQL durability, side by side
// with LangGraph.js on the same PostgreSQL in the same run. Medians of several runs.
// Usage: dotnet run -c Release --project bench/Graph.Bench -- [steps=1000] [runs=5]
// Needs: eng/setup-graph-node.sh (LangGraph.js), PostgreSQL binaries (or GRAPH_BENCH_PG=<connection string>).
var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var jsDir = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "js");

await using var postgres = await BenchPostgres.StartAsync();
await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
await new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance)
    .ApplyAsync("graph", SqlMigrationSource.FromAssembly(typeof(PostgresCheckpointSaver).Assembly), CancellationToken.None);
var pgSaver = new PostgresCheckpointSaver(dataSource);

var rows = new List<(string Engine, string Store, string Durability, double MsPerStep)>();

async Task<double> MeasureAsync(ICheckpointSaver? saver, Durability durability)
{
    var graph = LoopGraphs.Counting(steps, saver);
    // One warm-up run (JIT, connection pool), then the measured runs.
    var samples = new List<double>();
    for (var i = 0; i <= runs; i++)
    {
        var config = new RunConfig { ThreadId = $"cs-{Guid.NewGuid():N}", RecursionLimit = steps + 10, Durability = durability, StreamMode = StreamMode.None };
        var clock = Stopwatch.StartNew();
        var result = await graph.InvokeAsync(JsonBuilder.Parse("""{"count":0}"""u8), config);
        clock.Stop();
        // Every node adds one, so the final count is the number of super-steps run (the first multiple of 3 >= steps).
        var executed = result.Values.GetProperty("count").GetInt64();
        if (executed < steps)
        {
            throw new InvalidOperationException("The loop ended early.");
        }

        if (i > 0)
        {
            samples.Add(clock.Elapsed.TotalMilliseconds / executed);
        }
    }

    return Median(samples);
}

async Task<double> MeasureJsAsync(string store, string durability)
{
    var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
    var url = $"postgresql://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";
    var start = new ProcessStartInfo("node") { WorkingDirectory = jsDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in new[] { "loop.mjs", store, steps.ToString(CultureInfo.InvariantCulture), (runs + 1).ToString(CultureInfo.InvariantCulture), durability, url })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    var error = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"LangGraph.js failed (run eng/setup-graph-node.sh first): {error}");
    }

    var samples = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Select(run => run.GetProperty("ms").GetDouble() / run.GetProperty("steps").GetDouble())
        .Skip(1)
        .ToList();
    return Median(samples);
}

static double Median(List<double> samples)
{
    samples.Sort();
    return samples.Count % 2 == 1 ? samples[samples.Count / 2] : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
}

Console.WriteLine($"Graph.Bench: 3-node loop, {steps} super-steps per run, median of {runs} runs after one warm-up; PostgreSQL with fsync on.");
rows.Add(("Orchestrator.Graph", "none", "-", await MeasureAsync(null, Durability.Sync)));
rows.Add(("Orchestrator.Graph", "memory", "sync", await MeasureAsync(new InMemoryCheckpointSaver(), Durability.Sync)));
rows.Add(("Orchestrator.Graph", "postgres", "sync", await MeasureAsync(pgSaver, Durability.Sync)));
rows.Add(("Orchestrator.Graph", "postgres", "async", await MeasureAsync(pgSaver, Durability.Async)));
rows.Add(("LangGraph.js", "memory", "sync", await MeasureJsAsync("memory", "sync")));
rows.Add(("LangGraph.js", "postgres", "sync", await MeasureJsAsync("postgres", "sync")));
rows.Add(("LangGraph.js", "postgres", "async", await MeasureJsAsync("postgres", "async")));

Console.WriteLine();
Console.WriteLine("| engine | checkpointer | durability | median µs/step | steps/s |");
Console.WriteLine("|---|---|---|---:|---:|");
foreach (var (engine, store, durability, ms) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {engine} | {store} | {durability} | {ms * 1000:0.0} | {1000 / ms:0} |"));
}

Console.WriteLine();
foreach (var (store, durability) in new[] { ("memory", "sync"), ("postgres", "sync"), ("postgres", "async") })
{
    var ours = rows.Single(r => r.Engine == "Orchestrator.Graph" && r.Store == store && r.Durability == durability).MsPerStep;
    var theirs = rows.Single(r => r.Engine == "LangGraph.js" && r.Store == store && r.Durability == durability).MsPerStep;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {store}/{durability}: Orchestrator.Graph is {theirs / ours:0.0}x LangGraph.js steps/s"));
}

// Checkpoint growth: each step appends one ~110-character AI message; only changed channels are written.
var counting = new ByteCountingSaver(pgSaver);
await LoopGraphs.Chatting(steps, counting).InvokeAsync(JsonBuilder.Parse("""{"count":0}"""u8), new RunConfig { ThreadId = "bytes", RecursionLimit = steps + 10, StreamMode = StreamMode.None });
Console.WriteLine();
Console.WriteLine("| step (messages in state) | bytes written by that checkpoint |");
Console.WriteLine("|---:|---:|");
foreach (var step in new[] { 1, 10, 100, 500, steps })
{
    if (step < counting.BytesPerCheckpoint.Count)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {counting.BytesPerCheckpoint[step]} |"));
    }
}
