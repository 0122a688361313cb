using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Where process-mode clusters keep their files, and the clean-up of throwaway ones.</summary>
public static class PostgresDataDirectories
{
    private const string ThrowawayPrefix = "orchestrator-pg-";

    /// <summary>
    /// The persistent data directory for an AppHost: under /var/lib when root (the postgres user
    /// cannot enter root's home), else under the user's XDG data folder. A hash of the AppHost's
    /// folder keeps two checkouts from sharing (and locking) one cluster.
    /// </summary>
    public static string Persistent(string appHostDirectory)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appHostDirectory)))[..10];
        var root = PostgresCluster.MustDropPrivileges
            ? "/var/lib/multi-agent-orchestrator"
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
                "multi-agent-orchestrator");
        return Path.Combine(root, "postgres", key, "data");
    }

    /// <summary>A new throwaway data directory under the system temp folder.</summary>
    public static string NewThrowaway()
    {
        SweepStaleThrowaways();
        return Path.Combine(ThrowawayRoot, ThrowawayPrefix + Guid.NewGuid().ToString("N")[..12]);
    }

    // Throwaway clusters live in /tmp even when TMPDIR points elsewhere: the server's user must be able to enter it.
    private static string ThrowawayRoot => OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp";

    /// <summary>
    /// Deletes throwaway clusters left behind by runs that were killed: older than ten minutes and
    /// with no live postmaster. Best effort; a cluster in use is never touched.
    /// </summary>
    public static void SweepStaleThrowaways()
    {
        foreach (var dir in Directory.EnumerateDirectories(ThrowawayRoot, ThrowawayPrefix + "*"))
        {
            try
            {
                var isData = !dir.EndsWith("-run", StringComparison.Ordinal);
                var age = DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir);
                if (!isData || age < TimeSpan.FromMinutes(10) || HasLivePostmaster(dir))
                {
                    continue;
                }

                Directory.Delete(dir, recursive: true);
                if (Directory.Exists(dir + "-run"))
                {
                    Directory.Delete(dir + "-run", recursive: true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool HasLivePostmaster(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(firstLine, out var pid) && Directory.Exists($"/proc/{pid}");
    }
}
