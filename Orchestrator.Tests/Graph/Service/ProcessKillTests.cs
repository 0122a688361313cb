using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Graph.Engine;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Graph.Service;

/// <summary>
/// The real Graph service in child processes: one is killed (SIGKILL) while a background run waits on Cortex, another
/// process on the same database picks the run up and finishes it from the last checkpoint.
/// </summary>
public class ProcessKillTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GraphService_KilledMidRun_AnotherProcessResumesWithoutRepeatingDoneSteps()
    {
        var db = await postgres.CreateDatabaseAsync("graphkill").WaitAsync(Wait);
        var cortexCalls = 0;
        await using var cortex = await StartFakeCortexAsync(() => Interlocked.Increment(ref cortexCalls));
        var cortexUrl = cortex.Urls.First();

        string thread;
        string runId;
        using (var first = await GraphProcess.StartAsync(db, cortexUrl).WaitAsync(Wait))
        {
            thread = (await first.PostAsync("/threads", "{}")).GetProperty("thread_id").GetString()!;
            runId = (await first.PostAsync($"/threads/{thread}/runs", """{"assistant_id":"orchestrator","input":{"messages":[{"role":"user","content":"How much revenue?"}],"route":"analyst"}}"""))
                .GetProperty("run_id").GetString()!;
            await WaitForAsync(() => Volatile.Read(ref cortexCalls) == 1);
            first.Kill();
        }

        using var second = await GraphProcess.StartAsync(db, cortexUrl).WaitAsync(Wait);
        JsonElementHolder run = new();
        await WaitForAsync(async () => (run.Value = await second.GetAsync($"/threads/{thread}/runs/{runId}")).GetProperty("status").GetString() is "success" or "error");
        var history = await second.PostAsync($"/threads/{thread}/history", """{"limit":20}""");

        Assert.True(run.Value.GetProperty("status").GetString() == "success", $"{run.Value}\n{second.Output}");
        var messages = history[0].GetProperty("values").GetProperty("messages");
        Assert.Equal("Order lines and revenue.\nORDER LINES: 42, REVENUE: 1234.50.", messages[1].GetProperty("content").GetString());
        // Steps the killed process completed (input, route) are not repeated: one checkpoint per step.
        Assert.Equal([2, 1, 0, -1], history.EnumerateArray().Select(h => h.GetProperty("metadata").GetProperty("step").GetInt32()));
        Assert.All(history.EnumerateArray(), h => Assert.Equal(runId, h.GetProperty("metadata").GetProperty("run_id").GetString()));
        // The Cortex call in flight when the process died ran again (its step never completed); nothing else did.
        Assert.True(Volatile.Read(ref cortexCalls) == 2, $"{cortexCalls} Cortex calls\n{second.Output}");
    }

    private sealed class JsonElementHolder
    {
        public System.Text.Json.JsonElement Value { get; set; }
    }

    /// <summary>
    /// Cortex: Analyst answers with SQL; the SQL API's first statement never answers (the process calling it is
    /// killed), later ones do.
    /// </summary>
    private static async Task<WebApplication> StartFakeCortexAsync(Func<int> count)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/api/v2/cortex/analyst/message", () => Results.Text(
            """{"message":{"role":"analyst","content":[{"type":"text","text":"Order lines and revenue."},{"type":"sql","statement":"SELECT count(*) AS order_lines, sum(quantity) AS revenue FROM order_lines"}]},"request_id":"r1"}""",
            "application/json"));
        app.MapPost("/api/v2/statements", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = JsonBuilder.Parse(await reader.ReadToEndAsync());
            Assert.StartsWith("SELECT count(*)", body.GetProperty("statement").GetString(), StringComparison.Ordinal);
            if (count() == 1)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }

            return Results.Text(
                """{"resultSetMetaData":{"numRows":1,"format":"jsonv2","rowType":[{"name":"ORDER_LINES","type":"fixed"},{"name":"REVENUE","type":"fixed"}]},"data":[["42","1234.50"]],"code":"090001","statementHandle":"h1"}""",
                "application/json");
        });
        await app.StartAsync().WaitAsync(Wait);
        return app;
    }

    private static Task WaitForAsync(Func<bool> condition) => Poll.UntilAsync(condition, Wait, TimeSpan.FromMilliseconds(50));

    private static Task WaitForAsync(Func<Task<bool>> condition) => Poll.UntilAsync(condition, Wait, TimeSpan.FromMilliseconds(50));

    /// <summary>Orchestrator.Graph.dll started as its own process, configured the way the AppHost would.</summary>
    private sealed class GraphProcess : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private readonly System.Text.StringBuilder _output;

        private GraphProcess(Process process, Uri address, System.Text.StringBuilder output)
        {
            _process = process;
            _output = output;
            _http = new HttpClient { BaseAddress = address, Timeout = Wait };
        }

        public static async Task<GraphProcess> StartAsync(string connectionString, string cortexUrl)
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orchestrator.sln")))
            {
                root = root.Parent;
            }

            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(root!.FullName, "Orchestrator.Graph", "bin", configuration, "net10.0", "Orchestrator.Graph.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing; build Orchestrator.Graph first.");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            // Kestrel picks the port itself (no free-port race with parallel tests) and logs it.
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["ConnectionStrings__orchestrator-db"] = connectionString;
            start.Environment["services__cortex__http__0"] = cortexUrl;
            start.Environment["Graph__Runs__StaleAfter"] = "00:00:01";
            start.Environment["Graph__Runs__HeartbeatInterval"] = "00:00:00.200";
            start.Environment["Graph__Runs__PollInterval"] = "00:00:00.100";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + Wait;
            Uri? address = null;
            while (address is null)
            {
                Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"the Graph service did not start listening: {output}");
                lock (output)
                {
                    var match = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"Now listening on: (http://127\.0\.0\.1:\d+)");
                    address = match.Success ? new Uri(match.Groups[1].Value) : null;
                }

                await Task.Delay(50);
            }

            var graph = new GraphProcess(process, address, output);
            while (true)
            {
                Assert.False(process.HasExited, $"the Graph service exited during start-up: {graph.Output}");
                try
                {
                    using var alive = await graph._http.GetAsync("/alive");
                    if (alive.IsSuccessStatusCode)
                    {
                        return graph;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }

                await Task.Delay(100);
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task<System.Text.Json.JsonElement> PostAsync(string path, string json)
        {
            using var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")).WaitAsync(Wait);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST {path}: {response.StatusCode} {text}");
            return JsonBuilder.Parse(text);
        }

        public async Task<System.Text.Json.JsonElement> GetAsync(string path)
        {
            using var response = await _http.GetAsync(path).WaitAsync(Wait);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode} {text}");
            return JsonBuilder.Parse(text);
        }

        /// <summary>SIGKILL: no shutdown code runs, exactly like a crashed task.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            _http.Dispose();
        }
    }
}
