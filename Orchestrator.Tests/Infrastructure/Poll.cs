namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that something else makes true in its own time (a background worker, a retry pass, another
/// process), checking every <c>interval</c> and failing the test once <c>timeout</c> has passed.
/// </summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(interval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan interval) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, interval);
}
