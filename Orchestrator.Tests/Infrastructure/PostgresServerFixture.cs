using System.Diagnostics;
using Npgsql;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// A real, throwaway PostgreSQL server for tests that need a database but not the whole app.
/// One server is started per test run (the first test that asks starts it, about a second) and
/// stopped when the test process exits; each caller gets fresh databases on it, so tests never
/// see each other's rows.
/// </summary>
public sealed class PostgresServerFixture
{
    private static readonly Lazy<Task<RunningServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A superuser connection string to the <c>postgres</c> database over TCP.</summary>
    public async Task<string> GetAdminConnectionStringAsync() => (await Shared.Value.WaitAsync(TimeSpan.FromSeconds(60))).AdminConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var server = await Shared.Value.WaitAsync(TimeSpan.FromSeconds(60));
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<RunningServer> StartAsync()
    {
        var installation = PostgresInstallation.Find()
            ?? throw new InvalidOperationException(PostgresInstallation.InstallHint);
        var cluster = new PostgresCluster(installation, PostgresDataDirectories.NewThrowaway(), durable: false);
        cluster.EnsureInitialized();

        var port = FreeTcpPort.Pick();
        var (fileName, arguments) = cluster.ServerCommand(port, deleteFilesOnExit: true);
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(cluster.DataDirectory)!,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();

        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await PostgresServerSetup.ApplyAsync(cluster.SocketConnectionString(port), password, [], CancellationToken.None);
                break;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{log}", ex);
            }
        }

        var server = new RunningServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres",
            process);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }


    private sealed record RunningServer(string AdminConnectionString, Process Wrapper)
    {
        public void Stop()
        {
            // SIGTERM to the wrapper becomes a fast shutdown of the server, after which the wrapper deletes
            // the cluster (see PostgresCluster.ServerCommand), even if the test runner ends this process first.
            using (var kill = Process.Start("kill", ["-TERM", Wrapper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit(5_000);
            }

            Wrapper.WaitForExit(10_000);
        }
    }
}
