using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Postgres;
using Orchestrator.ServiceDefaults;

// Publish wall time and peak memory (the process and its Node child), warm: each run is a fresh
// publish process, after one unmeasured run of each variant has warmed the disk cache.
// Variants side by side: "baseline" publishes the same graph without the AWS environment (Aspire's
// pipeline alone), "aws" adds AddAWSCDKEnvironment (mapping, CDK synthesis, validation, output).
if (args is ["child", var childVariant, .. var rest])
{
    var builder = DistributedApplication.CreateBuilder(rest);
    var root = FindRoot();
    var postgres = builder.AddOrchestratorPostgres(ResourceNames.Postgres);
    var orchestratorDb = postgres.AddDatabase(ResourceNames.OrchestratorDb, "orchestrator");
    var chatModel = builder.AddConnectionString(ResourceNames.ChatModel);
    if (childVariant == "aws")
    {
        builder.AddAWSCDKEnvironment(ResourceNames.Aws);
    }

    var cortex = builder.AddProject(ResourceNames.Cortex, Path.Combine(root, "Orchestrator.Cortex", "Orchestrator.Cortex.csproj"))
        .WithHttpEndpoint(targetPort: 8002).WithReference(chatModel).PublishAsECSFargateService(o => o.DesiredCount = 3);
    var graph = builder.AddProject(ResourceNames.Graph, Path.Combine(root, "Orchestrator.Graph", "Orchestrator.Graph.csproj"))
        .WithHttpEndpoint(targetPort: 8001).WithReference(orchestratorDb).WithReference(cortex).WithReference(chatModel).PublishAsECSFargateService();
    builder.AddProject(ResourceNames.AgentCore, Path.Combine(root, "Orchestrator.AgentCore", "Orchestrator.AgentCore.csproj"))
        .WithHttpEndpoint(targetPort: 8080).WithReference(graph).WithReference(orchestratorDb).WithReference(chatModel).PublishAsECSFargateServiceWithALB();
    await builder.Build().RunAsync();
    return 0;
}

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var results = new Dictionary<string, List<(double Seconds, long PeakBytes, double CpuSeconds)>>();
foreach (var variant in new[] { "baseline", "aws" })
{
    results[variant] = [];
    for (var i = 0; i <= runs; i++)
    {
        var measured = Measure(variant);
        if (i > 0)
        {
            results[variant].Add(measured);
        }

        Console.WriteLine(FormattableString.Invariant($"{variant} run {i}{(i == 0 ? " (warm-up)" : string.Empty)}: {measured.Seconds:0.00} s, CPU {measured.CpuSeconds:0.00} s, peak {measured.PeakBytes / 1048576.0:0} MiB"));
    }
}

double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

var baseTime = Median(results["baseline"].Select(r => r.Seconds));
var awsTime = Median(results["aws"].Select(r => r.Seconds));
var baseCpu = Median(results["baseline"].Select(r => r.CpuSeconds));
var awsCpu = Median(results["aws"].Select(r => r.CpuSeconds));
var baseMemory = Median(results["baseline"].Select(r => r.PeakBytes / 1048576.0));
var awsMemory = Median(results["aws"].Select(r => r.PeakBytes / 1048576.0));
Console.WriteLine();
Console.WriteLine("| variant | median wall time | median CPU time | median peak memory |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine(FormattableString.Invariant($"| baseline (Aspire publish, no AWS) | {baseTime:0.00} s | {baseCpu:0.00} s | {baseMemory:0} MiB |"));
Console.WriteLine(FormattableString.Invariant($"| aws (AWS CDK publish) | {awsTime:0.00} s | {awsCpu:0.00} s | {awsMemory:0} MiB |"));
Console.WriteLine(FormattableString.Invariant($"| ratio aws / baseline | {awsTime / baseTime:0.00}× | {awsCpu / baseCpu:0.00}× | {awsMemory / baseMemory:0.00}× |"));
Console.WriteLine(FormattableString.Invariant($"Load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores (wall time grows with it; CPU time does not)."));
Console.WriteLine(FormattableString.Invariant($"Goal: ≤ 15 s and ≤ 1536 MiB for the aws variant: {(awsTime <= 15 && awsMemory <= 1536 ? "met" : "NOT met")}"));
return 0;

static (double Seconds, long PeakBytes, double CpuSeconds) Measure(string variant)
{
    var cpuBefore = ReapedChildrenCpuSeconds();
    var scratch = Directory.CreateTempSubdirectory("aws-publish-bench-");
    try
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(Program).Assembly.Location, "child", variant, "--operation", "publish", "--step", "publish", "--output-path", Path.Combine(scratch.FullName, "out") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(scratch.FullName, "tmp")).FullName },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, TreeRss(process.Id));
        }

        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{variant} publish failed: {drainOut.Result}{drainErr.Result}");
        }

        return (clock.Elapsed.TotalSeconds, peak, ReapedChildrenCpuSeconds() - cpuBefore);
    }
    finally
    {
        scratch.Delete(recursive: true);
    }
}

// User + system time of this process's reaped children and their reaped descendants (Node included).
static double ReapedChildrenCpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    // Fields 16 and 17 (cutime, cstime) are at 13 and 14 after the command name; clock ticks are 100 Hz on Linux.
    return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
}

// Resident memory of a process and all its descendants, from /proc.
static long TreeRss(int root)
{
    var children = new Dictionary<int, List<int>>();
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        if (int.TryParse(Path.GetFileName(directory), out var pid) && TryReadStatus(pid, "PPid:") is { } parent)
        {
            (children.TryGetValue((int)parent, out var list) ? list : children[(int)parent] = []).Add(pid);
        }
    }

    long total = 0;
    var pending = new Stack<int>([root]);
    while (pending.TryPop(out var pid))
    {
        total += (TryReadStatus(pid, "VmRSS:") ?? 0) * 1024;
        foreach (var child in children.GetValueOrDefault(pid) ?? [])
        {
            pending.Push(child);
        }
    }

    return total;
}

static long? TryReadStatus(int pid, string field)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return null;
    }
}

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found.");
}
