using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Tests.AppHost;

public class PostgresClusterTests
{
    [Fact]
    public void Find_OnThisMachine_ReturnsASupportedInstallation()
    {
        var installation = PostgresInstallation.Find();

        Assert.NotNull(installation);
        Assert.True(installation.MajorVersion >= PostgresInstallation.MinimumMajorVersion);
        Assert.True(File.Exists(installation.InitDb));
    }

    [Fact]
    public void ServerCommand_WrapsTheServerSoStderrIsLoggedAndSigtermIsAFastShutdown()
    {
        var cluster = new PostgresCluster(PostgresInstallation.Find()!, "/tmp/orchestrator-pg-test-only", durable: true);

        var (fileName, arguments) = cluster.ServerCommand(5433);

        Assert.Equal("/bin/sh", fileName);
        Assert.Contains("2>&1", arguments[1], StringComparison.Ordinal);
        Assert.Contains("kill -INT", arguments[1], StringComparison.Ordinal);
        Assert.Contains("5433", arguments);
        Assert.DoesNotContain("fsync=off", arguments);
        Assert.Equal(PostgresCluster.MustDropPrivileges, arguments.Contains("--reuid=postgres"));
    }

    [Fact]
    public void ServerArguments_ThrowawayCluster_TradesDurabilityForSpeed()
    {
        var cluster = new PostgresCluster(PostgresInstallation.Find()!, "/tmp/orchestrator-pg-test-only", durable: false);

        Assert.Contains("fsync=off", cluster.ServerArguments(5433));
    }

    [Fact]
    public void PersistentDataDirectory_DiffersPerAppHostAndIsOutsideRootsHome()
    {
        var first = PostgresDataDirectories.Persistent("/src/a/Orchestrator.AppHost");
        var second = PostgresDataDirectories.Persistent("/src/b/Orchestrator.AppHost");

        Assert.NotEqual(first, second);
        if (PostgresCluster.MustDropPrivileges)
        {
            Assert.StartsWith("/var/lib/multi-agent-orchestrator/", first, StringComparison.Ordinal);
        }
    }
}
