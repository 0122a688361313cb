using System.Globalization;
using AgentCore.Bench;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Orchestrator.Tests.Infrastructure;

// dotnet run -c Release --project bench/AgentCore.Bench -- [prompts=1200] [concurrency=8] [result-cache-seconds=60]
// Starts the whole AppHost (offline model, throwaway PostgreSQL), sends distinct prompts to
// agentcore /invocations (→ graph → cortex → warehouse-db) and, in the same run, to a bare Kestrel
// endpoint; then reads the services' traces for the orchestration overhead and where the time goes.
// BENCH_DUMP_SQL=1 also lists the database statements of 20 requests, by service, with how often each ran.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1200;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
// Cortex's result cache (Snowflake's, emulated): 0 makes every statement run in the warehouse.
var resultCacheSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
const string Edge = "agentcore";

await using var traces = await OtlpTraceReceiver.StartAsync();
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Orchestrator_AppHost>(
    ["--Orchestrator:Postgres:Persistent=false", "--Orchestrator:AgentCore:Port=0", "--DcpPublisher:WaitForResourceCleanup=false"],
    (options, _) => options.DisableDashboard = true);
foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
{
    builder.CreateResourceBuilder(project)
        .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", traces.Endpoint)
        .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500")
        .WithEnvironment("OTEL_BSP_MAX_QUEUE_SIZE", "262144")
        .WithEnvironment("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4096")
        .WithEnvironment("Logging__LogLevel__Default", "Warning")
        .WithEnvironment("AgentCore__Auth__PermitsPerWindow", "1000000")
        .WithEnvironment("Cortex__Local__ResultCacheSeconds", resultCacheSeconds.ToString(CultureInfo.InvariantCulture));
}

await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync(Edge).WaitAsync(TimeSpan.FromMinutes(3));
await using var bare = await BareKestrel.StartAsync();

using var edgeClient = new HttpClient { BaseAddress = app.GetEndpoint(Edge, "http"), Timeout = TimeSpan.FromSeconds(60) };
using var bareClient = new HttpClient { BaseAddress = new Uri(bare.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };

// Steady state is measured: 1,000 prompts of their own warm the services' JIT (tiered, with PGO), pools and caches first.
var warmUp = Prompts.Distinct(count + 1000).Skip(count).ToList();
await LoadRun.RunAsync(edgeClient, warmUp, concurrency);
await LoadRun.RunAsync(bareClient, warmUp, concurrency);

var prompts = Prompts.Distinct(count);
var bareResult = await LoadRun.RunAsync(bareClient, prompts, concurrency);
var edgeResult = await LoadRun.RunAsync(edgeClient, prompts, concurrency);

await Task.Delay(TimeSpan.FromSeconds(3));
var breakdown = TraceOverhead.Compute(traces.Spans, edgeResult.TraceIds, Edge);
double P(IEnumerable<double> values, double p) => LoadRun.Percentile([.. values.Order()], p);

Console.WriteLine($"prompts={count} distinct, concurrency={concurrency}, result cache={resultCacheSeconds} s, processors={Environment.ProcessorCount}");
Console.WriteLine($"{"endpoint",-36} {"req/s",9} {"p50 ms",9} {"p99 ms",9} {"failed",7}");
Console.WriteLine($"{"bare Kestrel /invocations",-36} {bareResult.RequestsPerSecond,9:F1} {bareResult.P50Ms,9:F2} {bareResult.P99Ms,9:F2} {bareResult.Failures,7}");
Console.WriteLine($"{"agentcore→graph→cortex /invocations",-36} {edgeResult.RequestsPerSecond,9:F1} {edgeResult.P50Ms,9:F2} {edgeResult.P99Ms,9:F2} {edgeResult.Failures,7}");
Console.WriteLine($"ratio (agentcore / bare): p50 x{edgeResult.P50Ms / bareResult.P50Ms:F1}, throughput x{bareResult.RequestsPerSecond / edgeResult.RequestsPerSecond:F1} lower");
Console.WriteLine($"traces read: {breakdown.Count} of {count}");
if (breakdown.Count > 0)
{
    Console.WriteLine($"server span latency      p50 {P(breakdown.Select(b => b.LatencyMs), 0.5),8:F2} ms  p99 {P(breakdown.Select(b => b.LatencyMs), 0.99),8:F2} ms");
    Console.WriteLine($"model+embedding+db time  p50 {P(breakdown.Select(b => b.ModelEmbeddingDbMs), 0.5),8:F2} ms  p99 {P(breakdown.Select(b => b.ModelEmbeddingDbMs), 0.99),8:F2} ms");
    Console.WriteLine($"orchestration overhead   p50 {P(breakdown.Select(b => b.OverheadMs), 0.5),8:F2} ms  p99 {P(breakdown.Select(b => b.OverheadMs), 0.99),8:F2} ms");
    Console.WriteLine($"  of which agentcore's   p50 {P(breakdown.Select(b => b.EdgeOnlyMs), 0.5),8:F2} ms  p99 {P(breakdown.Select(b => b.EdgeOnlyMs), 0.99),8:F2} ms");
}

Console.WriteLine("self time by span name, top 15: ms per request, median ms per span, spans per request");
foreach (var (name, median, perRequest, countPerRequest) in SelfTime.Top(traces.Spans, edgeResult.TraceIds, 15))
{
    Console.WriteLine($"  {perRequest,8:F2} {median,8:F2} {countPerRequest,6:F1}  {name}");
}
if (Environment.GetEnvironmentVariable("BENCH_DUMP_SQL") == "1")
{
    var wanted = edgeResult.TraceIds.Take(20).ToHashSet();
    foreach (var g in traces.Spans.Where(s => wanted.Contains(s.TraceId) && s.Name == "postgresql").GroupBy(s => s.ServiceName + " | " + (s.Attributes.GetValueOrDefault("db.query.text") ?? s.Attributes.GetValueOrDefault("db.statement") ?? "?")[..Math.Min(150, (s.Attributes.GetValueOrDefault("db.query.text") ?? s.Attributes.GetValueOrDefault("db.statement") ?? "?").Length)]).OrderByDescending(g => g.Count()))
    {
        Console.WriteLine($"{g.Count() / 20.0,5:F1} {g.Key.Replace('\n', ' ')}");
    }
}
