using System.Globalization;
using AgentCore.Bench;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.Infrastructure;

// dotnet run -c Release --project bench/AgentCore.Bench -- [prompts per pass=1200] [concurrency=8] [result-cache-seconds=60] [passes=3] [turns per session=1]
// Starts the whole AppHost (offline model, throwaway PostgreSQL), sends distinct prompts to
// agentcore /invocations (→ graph → cortex → warehouse-db) and, in the same run, to a bare Kestrel
// endpoint; then reads the services' traces for the orchestration overhead and where the time goes.
// BENCH_DUMP_SQL=1 also lists the database statements of 20 requests, by service, with how often each ran.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1200;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
// Cortex's result cache (Snowflake's, emulated): 0 makes every statement run in the warehouse.
var resultCacheSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
var passes = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
// 1: every request opens a session; more: each client keeps one for that many turns, as a conversation does.
var turnsPerSession = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
const string Edge = ResourceNames.AgentCore;

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
    // BENCH_SERVICE_ENV="NAME=value;NAME=value" passes runtime settings to every service, to compare them without edits.
    foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_SERVICE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals < 1)
        {
            throw new ArgumentException($"BENCH_SERVICE_ENV: '{setting}' is not NAME=value.");
        }

        builder.CreateResourceBuilder(project).WithEnvironment(setting[..equals], setting[(equals + 1)..]);
    }
}

await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync(Edge).WaitAsync(TimeSpan.FromMinutes(3));
await using var bare = await BareKestrel.StartAsync();

using var edgeClient = new HttpClient { BaseAddress = app.GetEndpoint(Edge, "http"), Timeout = TimeSpan.FromSeconds(60) };
using var bareClient = new HttpClient { BaseAddress = new Uri(bare.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };

// Steady state is measured: 1,000 prompts of their own warm the services' JIT (tiered, with PGO), pools and caches first.
// Then several passes, each with prompts no other pass or the warm-up used; the summary is the median of the passes.
var warmUp = Prompts.Distinct(count * passes + 1000).Skip(count * passes).ToList();
await LoadRun.RunAsync(edgeClient, warmUp, concurrency);
await LoadRun.RunAsync(bareClient, warmUp, concurrency);

double P(IEnumerable<double> values, double p) => LoadRun.Percentile([.. values.Order()], p);
double Median(IEnumerable<double> values) => P(values, 0.5);
Console.WriteLine($"prompts={count} distinct per pass, passes={passes}, concurrency={concurrency}, result cache={resultCacheSeconds} s, turns per session={turnsPerSession}, processors={Environment.ProcessorCount}");
Console.WriteLine($"{"pass",-6} {"bare req/s",11} {"bare p50",9} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"failed",7} {"server p50",11} {"server p99",11} {"model+emb+db p50",17} {"overhead p50",13} {"overhead p99",13} {"edge-only p50",14}");
var rows = new List<double[]>();
LoadRun.Result edgeResult = null!;
for (var pass = 0; pass < passes; pass++)
{
    var prompts = Prompts.Distinct(count * (pass + 1)).Skip(count * pass).ToList();
    var bareResult = await LoadRun.RunAsync(bareClient, prompts, concurrency);
    edgeResult = await LoadRun.RunAsync(edgeClient, prompts, concurrency, turnsPerSession);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var breakdown = TraceOverhead.Compute(traces.Spans, edgeResult.TraceIds, Edge);
    double[] row =
    [
        bareResult.RequestsPerSecond, bareResult.P50Ms, edgeResult.RequestsPerSecond, edgeResult.P50Ms, edgeResult.P99Ms, edgeResult.Failures,
        P(breakdown.Select(b => b.LatencyMs), 0.5), P(breakdown.Select(b => b.LatencyMs), 0.99), P(breakdown.Select(b => b.ModelEmbeddingDbMs), 0.5),
        P(breakdown.Select(b => b.OverheadMs), 0.5), P(breakdown.Select(b => b.OverheadMs), 0.99), P(breakdown.Select(b => b.EdgeOnlyMs), 0.5),
    ];
    rows.Add(row);
    Print((pass + 1).ToString(CultureInfo.InvariantCulture), row);
    if (breakdown.Count < count)
    {
        Console.WriteLine($"       (traces read: {breakdown.Count} of {count})");
    }
}

var medians = Enumerable.Range(0, rows[0].Length).Select(i => Median(rows.Select(r => r[i]))).ToArray();
Print("median", medians);
Console.WriteLine($"ratio (agentcore / bare), medians: p50 x{medians[3] / medians[1]:F0}, throughput x{medians[0] / medians[2]:F0} lower");

void Print(string label, double[] r) => Console.WriteLine(
    $"{label,-6} {r[0],11:F0} {r[1],9:F2} {r[2],8:F1} {r[3],8:F2} {r[4],8:F2} {r[5],7:F0} {r[6],11:F2} {r[7],11:F2} {r[8],17:F2} {r[9],13:F2} {r[10],13:F2} {r[11],14:F2}");

var (hops, perHop, hopsPerRequest) = HopTransport.Compute(traces.Spans, edgeResult.TraceIds);
Console.WriteLine($"hops between services answered in one piece, last pass: {hops:F1} per request, transport (caller's span minus callee's) p50 {perHop:F2} ms per hop, {hopsPerRequest:F2} ms per request");
Console.WriteLine("self time by span name in the last pass, top 15: ms per request, median ms per span, spans per request");
foreach (var (name, median, perRequest, countPerRequest) in SelfTime.Top(traces.Spans, edgeResult.TraceIds, 15))
{
    Console.WriteLine($"  {perRequest,8:F2} {median,8:F2} {countPerRequest,6:F1}  {name}");
}
Console.WriteLine("the median request's spans, last pass: start ms, duration ms, span");
Console.Write(TraceTimeline.Describe(traces.Spans, edgeResult.TraceIds));
Console.WriteLine("floor: a trivial GET through each service's stack, one at a time; back to back, and after 10 ms idle (as each hop of a request finds it)");
foreach (var (name, url) in new[] { ("bare", bare.Urls.Single()), (ResourceNames.Cortex, app.GetEndpoint(ResourceNames.Cortex, "http").ToString()), (ResourceNames.Graph, app.GetEndpoint(ResourceNames.Graph, "http").ToString()), (Edge, app.GetEndpoint(Edge, "http").ToString()) })
{
    using var probe = new HttpClient { BaseAddress = new Uri(url) };
    var path = name == "bare" ? "/" : "/alive";
    var hot = await Floor.MeasureAsync(probe, path, TimeSpan.Zero, 3000);
    var idle = await Floor.MeasureAsync(probe, path, TimeSpan.FromMilliseconds(10), 400);
    Console.WriteLine($"  {name,-10} p50 back to back {hot:F3} ms, after idle {idle:F3} ms");
}
if (Environment.GetEnvironmentVariable("BENCH_DUMP_SQL") == "1")
{
    const int Sampled = 20;
    static string Statement(ReceivedSpan span)
    {
        var text = span.Attributes.GetValueOrDefault("db.query.text") ?? span.Attributes.GetValueOrDefault("db.statement") ?? "?";
        return text[..Math.Min(150, text.Length)].Replace('\n', ' ');
    }

    var wanted = edgeResult.TraceIds.Take(Sampled).ToHashSet();
    foreach (var group in traces.Spans.Where(s => wanted.Contains(s.TraceId) && s.Name == "postgresql").GroupBy(s => $"{s.ServiceName} | {Statement(s)}").OrderByDescending(g => g.Count()))
    {
        Console.WriteLine($"{group.Count() / (double)Sampled,5:F1} {group.Key}");
    }
}
