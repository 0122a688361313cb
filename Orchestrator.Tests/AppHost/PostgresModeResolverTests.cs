using Aspire.Hosting;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Tests.AppHost;

public class PostgresModeResolverTests
{
    [Fact]
    public void Auto_WithBinaries_UsesAProcessWithoutAskingForARuntime()
    {
        var mode = PostgresModeResolver.Resolve(PostgresMode.Auto, isPublishMode: false, () => true, () => throw new InvalidOperationException("must not probe"));

        Assert.Equal(PostgresMode.Process, mode);
    }

    [Fact]
    public void Auto_WithoutBinariesButWithARuntime_UsesAContainer()
    {
        Assert.Equal(PostgresMode.Container, PostgresModeResolver.Resolve(PostgresMode.Auto, false, () => false, () => true));
    }

    [Fact]
    public void Auto_WithNeither_StopsAtOnceSayingHowToInstallPostgres()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => PostgresModeResolver.Resolve(PostgresMode.Auto, false, () => false, () => false));

        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:Postgres:Mode=container", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_WhenPublishing_NeedsNothingInstalled()
    {
        Assert.Equal(PostgresMode.Process, PostgresModeResolver.Resolve(PostgresMode.Auto, true, () => false, () => false));
    }

    [Fact]
    public void ExplicitMode_IsKeptAsConfigured()
    {
        Assert.Equal(PostgresMode.Container, PostgresModeResolver.Resolve(PostgresMode.Container, false, () => true, () => false));
    }
}
