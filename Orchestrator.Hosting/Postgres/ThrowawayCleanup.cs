namespace Orchestrator.Hosting.Postgres;

/// <summary>Deletes a throwaway cluster once its server has let go of it.</summary>
public static class ThrowawayCleanup
{
    public static void DeleteWhenStopped(PostgresCluster cluster)
    {
        // The orchestrator stops the server in parallel with the host; give it a few seconds.
        var pidFile = Path.Combine(cluster.DataDirectory, "postmaster.pid");
        for (var i = 0; i < 50 && File.Exists(pidFile); i++)
        {
            Thread.Sleep(100);
        }

        try
        {
            cluster.Delete();
        }
        catch (IOException)
        {
            // Left for PostgresDataDirectories.SweepStaleThrowaways on a later start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
