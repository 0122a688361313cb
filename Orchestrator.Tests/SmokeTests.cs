namespace Orchestrator.Tests;

public class SmokeTests
{
    [Fact]
    public void ResourceNames_AreDistinct()
    {
        string[] names = [ServiceDefaults.ResourceNames.Postgres, ServiceDefaults.ResourceNames.Graph, ServiceDefaults.ResourceNames.Cortex];
        Assert.Equal(names.Length, names.Distinct().Count());
    }
}
