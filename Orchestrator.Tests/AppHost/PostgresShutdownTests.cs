using System.Diagnostics;
using Npgsql;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Tests.AppHost;

public class PostgresShutdownTests
{
    [Fact]
    public async Task ServerCommand_SigtermWithAnOpenConnection_StopsFastAndLeavesNoServerBehind()
    {
        var cluster = new PostgresCluster(PostgresInstallation.Find()!, PostgresDataDirectories.NewThrowaway(), durable: false);
        cluster.EnsureInitialized();
        var port = FreeTcpPort.Pick();
        var (fileName, arguments) = cluster.ServerCommand(port);
        var startInfo = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var wrapper = Process.Start(startInfo)!;
        var log = wrapper.StandardOutput.ReadToEndAsync();
        try
        {
            // A pooled connection left open is what makes PostgreSQL's default "smart" shutdown hang.
            await using var connection = await OpenWhenReadyAsync(cluster.SocketConnectionString(port)).WaitAsync(TimeSpan.FromSeconds(30));

            var stopwatch = Stopwatch.StartNew();
            Process.Start("kill", ["-TERM", wrapper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            await wrapper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {stopwatch.Elapsed}");
            Assert.False(File.Exists(Path.Combine(cluster.DataDirectory, "postmaster.pid")), "the server must be gone, not orphaned");
            Assert.Contains("fast shutdown", await log.WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        }
        finally
        {
            if (!wrapper.HasExited)
            {
                wrapper.Kill(entireProcessTree: true);
            }

            ThrowawayCleanup.DeleteWhenStopped(cluster);
        }
    }

    private static async Task<NpgsqlConnection> OpenWhenReadyAsync(string connectionString)
    {
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync();
                return connection;
            }
            catch (NpgsqlException)
            {
                await connection.DisposeAsync();
                await Task.Delay(50);
            }
        }
    }

}
