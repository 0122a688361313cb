using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orchestrator.Hosting.Postgres;

namespace Graph.Bench;

/// <summary>
/// The PostgreSQL the benchmark measures against: <c>GRAPH_BENCH_PG</c> when set, otherwise a throwaway server started
/// with the hosting integration's own cluster code (the same way the test fixture does).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly Process? _process;

    private BenchPostgres(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    public string ConnectionString { get; }

    public static async Task<BenchPostgres> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("GRAPH_BENCH_PG") is { Length: > 0 } given)
        {
            return new BenchPostgres(given, null);
        }

        var installation = PostgresInstallation.Find() ?? throw new InvalidOperationException(PostgresInstallation.InstallHint);
        // durable: true keeps fsync on, so both engines pay for real commits.
        var cluster = new PostgresCluster(installation, PostgresDataDirectories.NewThrowaway(), durable: true);
        cluster.EnsureInitialized();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (fileName, arguments) = cluster.ServerCommand(port, deleteFilesOnExit: true);
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(cluster.DataDirectory)! };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await PostgresServerSetup.ApplyAsync(cluster.SocketConnectionString(port), password, ["bench"], CancellationToken.None);
                break;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        return new BenchPostgres($"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=bench", process);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
    }
}
