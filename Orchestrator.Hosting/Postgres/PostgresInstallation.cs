using System.Diagnostics;

namespace Orchestrator.Hosting.Postgres;

/// <summary>
/// The PostgreSQL server binaries found on this machine: the folder holding <c>postgres</c>,
/// <c>initdb</c> and <c>pg_ctl</c>, and the major version they report.
/// </summary>
public sealed record PostgresInstallation(string BinDirectory, int MajorVersion)
{
    /// <summary>The oldest major version the orchestrator's SQL and RDS parity are checked against.</summary>
    public const int MinimumMajorVersion = 14;

    public string Postgres => Path.Combine(BinDirectory, "postgres");
    public string InitDb => Path.Combine(BinDirectory, "initdb");

    /// <summary>Explains how to get PostgreSQL on the common platforms; shown when nothing is found.</summary>
    public const string InstallHint =
        "PostgreSQL server binaries were not found and no container runtime is available. " +
        "Install PostgreSQL 15 or later: Debian/Ubuntu `sudo apt-get install -y postgresql`, " +
        "Fedora `sudo dnf install -y postgresql-server`, macOS `brew install postgresql@16` " +
        "(or run eng/setup.sh, which does it for you). To use a specific installation set " +
        "Orchestrator:Postgres:BinDirectory; to use a container instead set Orchestrator:Postgres:Mode=container.";

    /// <summary>
    /// Looks for the binaries in <paramref name="configuredBinDirectory"/> when given, else through
    /// <c>pg_config --bindir</c>, the Debian/Ubuntu, Red Hat and Homebrew layouts, and PATH. The
    /// newest version wins when several are installed.
    /// </summary>
    public static PostgresInstallation? Find(string? configuredBinDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(configuredBinDirectory))
        {
            return TryAt(configuredBinDirectory) ?? throw new InvalidOperationException(
                $"Orchestrator:Postgres:BinDirectory is '{configuredBinDirectory}', but no postgres and initdb binaries are there.");
        }

        return CandidateDirectories()
            .Select(TryAt)
            .OfType<PostgresInstallation>()
            .Where(i => i.MajorVersion >= MinimumMajorVersion)
            .OrderByDescending(i => i.MajorVersion)
            .FirstOrDefault();
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        if (RunForOutput("pg_config", "--bindir") is { Length: > 0 } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        foreach (var root in new[] { "/usr/lib/postgresql", "/usr/local/lib/postgresql" })
        {
            if (Directory.Exists(root))
            {
                foreach (var version in Directory.EnumerateDirectories(root))
                {
                    yield return Path.Combine(version, "bin");
                }
            }
        }

        foreach (var pattern in new[] { "/usr/pgsql-*", "/opt/homebrew/opt/postgresql@*", "/usr/local/opt/postgresql@*" })
        {
            var parent = Path.GetDirectoryName(pattern)!;
            if (Directory.Exists(parent))
            {
                foreach (var dir in Directory.EnumerateDirectories(parent, Path.GetFileName(pattern)))
                {
                    yield return Path.Combine(dir, "bin");
                }
            }
        }

        yield return "/usr/local/pgsql/bin";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }

    private static PostgresInstallation? TryAt(string binDirectory)
    {
        var postgres = Path.Combine(binDirectory, "postgres");
        if (!File.Exists(postgres) || !File.Exists(Path.Combine(binDirectory, "initdb")))
        {
            return null;
        }

        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var version = RunForOutput(postgres, "--version");
        var number = version?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(part => part.Length > 0 && char.IsDigit(part[0]));
        return number is not null && int.TryParse(number.Split('.')[0], out var major)
            ? new PostgresInstallation(binDirectory, major)
            : null;
    }

    internal static string? RunForOutput(string fileName, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5_000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
