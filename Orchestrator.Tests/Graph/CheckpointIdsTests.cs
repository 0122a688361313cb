using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Tests.Graph;

public class CheckpointIdsTests
{
    [Fact]
    public void New_ManyInARow_AreStrictlyIncreasingUuidV7Text()
    {
        var ids = Enumerable.Range(0, 5000).Select(_ => CheckpointIds.New()).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"{ids[i - 1]} !< {ids[i]}");
        }

        Assert.All(ids, id => Assert.Equal(7, Guid.Parse(id).Version));
    }

    [Fact]
    public void New_TimestampPrefix_IsTheCurrentTime()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = CheckpointIds.New();
        var ms = Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16);

        Assert.InRange(ms, before, before + 5_000);
    }

    [Fact]
    public void NextVersion_IsAlwaysGreaterThanTheCurrentVersion()
    {
        var far = long.MaxValue / 2;

        Assert.True(CheckpointIds.NextVersion(far) > far);
        Assert.True(CheckpointIds.NextVersion(0) > 0);
    }

    [Fact]
    public void Deterministic_SameParts_GiveSameIdAndDifferentPartsDiffer()
    {
        var a = CheckpointIds.Deterministic("ns", "cp", "node", "path");

        Assert.Equal(a, CheckpointIds.Deterministic("ns", "cp", "node", "path"));
        Assert.NotEqual(a, CheckpointIds.Deterministic("ns", "cp", "node", "other"));
        Assert.NotEqual(a, CheckpointIds.Deterministic("nsc", "p", "node", "path"));
    }
}
