using System.Diagnostics;
using Npgsql;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Tests.AppHost;

public class PostgresShutdownTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerCommand_SigtermWithAnOpenConnection_StopsFastAndDeletesOnlyAThrowawayCluster(bool throwaway)
    {
        var cluster = new PostgresCluster(PostgresInstallation.Find()!, PostgresDataDirectories.NewThrowaway(), durable: false);
        cluster.EnsureInitialized();
        var port = FreeTcpPort.Pick();
        var (fileName, arguments) = cluster.ServerCommand(port, deleteFilesOnExit: throwaway);
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
            Assert.Contains("fast shutdown", await log.WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
            // Deleted by the wrapper itself, before it exits: the process that started it may already be gone.
            Assert.Equal(!throwaway, Directory.Exists(cluster.DataDirectory));
            Assert.Equal(!throwaway, Directory.Exists(cluster.SocketDirectory));
            if (!throwaway)
            {
                Assert.True(File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")), "a kept cluster keeps its files");
                Assert.False(File.Exists(Path.Combine(cluster.DataDirectory, "postmaster.pid")), "the server must be gone, not orphaned");
            }
        }
        finally
        {
            if (!wrapper.HasExited)
            {
                wrapper.Kill(entireProcessTree: true);
                await wrapper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }

            cluster.Delete();
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
