using System.Diagnostics;

namespace Orchestrator.Hosting.Postgres;

/// <summary>
/// A PostgreSQL data directory and how to run a server on it: initialising it with <c>initdb</c>,
/// and the command line that starts <c>postgres</c>, as the <c>postgres</c> user when this process
/// is root (PostgreSQL refuses to run as root).
/// </summary>
/// <remarks>
/// Local connections over the Unix socket use <c>trust</c>; the socket lives in a directory only the
/// server's user (and root) can enter, so only the orchestrator's own tooling can use it. It is how
/// the host sets the superuser password at every start, so a persistent directory keeps working when
/// the generated password changes. TCP connections require SCRAM passwords.
/// </remarks>
public sealed class PostgresCluster
{
    private const string ServiceUser = "postgres";

    public PostgresCluster(PostgresInstallation installation, string dataDirectory, bool durable)
    {
        Installation = installation;
        DataDirectory = Path.GetFullPath(dataDirectory);
        Durable = durable;
    }

    public PostgresInstallation Installation { get; }

    /// <summary>The cluster's files (<c>PG_VERSION</c>, <c>base/</c>, ...).</summary>
    public string DataDirectory { get; }

    /// <summary>Where the server puts its Unix socket, beside the data directory.</summary>
    public string SocketDirectory => DataDirectory + "-run";

    /// <summary>False for throwaway clusters (tests): fsync and full-page writes are off for speed.</summary>
    public bool Durable { get; }

    /// <summary>True when this process is root, so the server must run as the <c>postgres</c> user.</summary>
    public static bool MustDropPrivileges => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Creates the directories and runs <c>initdb</c> unless the cluster already exists.</summary>
    public void EnsureInitialized()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (MustDropPrivileges)
        {
            Run("chown", ["-R", $"{ServiceUser}:{ServiceUser}", DataDirectory, SocketDirectory]);
        }

        Run("chmod", ["0700", DataDirectory, SocketDirectory]);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        Run(AsServiceUser(Installation.InitDb,
        [
            "-D", DataDirectory,
            "-U", ServiceUser,
            "-E", "UTF8",
            "--no-locale",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            .. (Durable ? Array.Empty<string>() : ["--no-sync"]),
        ]));
    }

    /// <summary>
    /// The program and arguments that run the server in the foreground on <paramref name="port"/>.
    /// </summary>
    /// <param name="port">The TCP port the server listens on.</param>
    /// <param name="deleteFilesOnExit">
    /// True for a throwaway cluster: its data and socket directories are deleted once the server has exited.
    /// </param>
    /// <remarks>
    /// A small shell wrapper sends the server's log (stderr) to stdout, because Aspire shows stderr
    /// as errors, and turns SIGTERM into SIGINT: PostgreSQL's "fast" shutdown, which disconnects
    /// clients instead of waiting for pooled connections that will never close. The wrapper, not the
    /// process that started it, deletes a throwaway cluster, because that process may be gone before
    /// the server has stopped: VSTest kills its test host 100 ms after the last test, and an AppHost
    /// need not wait for its resources' clean-up.
    /// </remarks>
    public (string FileName, IReadOnlyList<string> Arguments) ServerCommand(int port, bool deleteFilesOnExit = false)
    {
        const string Wrapper =
            """
            trap 'kill -INT "$pid" 2>/dev/null' TERM INT
            data="$1"; socket="$2"; shift 2
            "$@" 2>&1 &
            pid=$!
            while :; do wait "$pid"; rc=$?; kill -0 "$pid" 2>/dev/null || break; done
            if [ -n "$data" ]; then rm -rf -- "$data" "$socket"; fi
            exit "$rc"
            """;
        var (program, arguments) = AsServiceUser(Installation.Postgres, ServerArguments(port));
        return ("/bin/sh", ["-c", Wrapper, "postgres-wrapper", .. (deleteFilesOnExit ? [DataDirectory, SocketDirectory] : new[] { "", "" }), program, .. arguments]);
    }

    /// <summary>The server's own arguments: data directory, port, socket and tuning for a small machine.</summary>
    public IReadOnlyList<string> ServerArguments(int port)
    {
        List<string> args =
        [
            "-D", DataDirectory,
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", SocketDirectory,
            "-c", "listen_addresses=localhost",
            "-c", "max_connections=300",
            "-c", "shared_buffers=128MB",
            "-c", "logging_collector=off",
            "-c", "log_min_messages=warning",
        ];
        if (!Durable)
        {
            args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"]);
        }

        return args;
    }

    /// <summary>A superuser connection string over the Unix socket (trust), used by the host itself.</summary>
    public string SocketConnectionString(int port, string database = "postgres") =>
        $"Host={SocketDirectory};Port={port};Username={ServiceUser};Database={database};Pooling=false;Timeout=5";

    /// <summary>Deletes the cluster's files. Only for throwaway clusters whose server has stopped.</summary>
    public void Delete()
    {
        foreach (var dir in new[] { DataDirectory, SocketDirectory })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static (string FileName, IReadOnlyList<string> Arguments) AsServiceUser(string program, IReadOnlyList<string> arguments) =>
        MustDropPrivileges
            ? ("setpriv", ["--reuid=" + ServiceUser, "--regid=" + ServiceUser, "--init-groups", program, .. arguments])
            : (program, arguments);

    private static void Run((string FileName, IReadOnlyList<string> Arguments) command) => Run(command.FileName, command.Arguments);

    private static void Run(string fileName, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The service user cannot read root's home, and initdb checks its working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {stderr.Trim()} {stdout.Result.Trim()}");
        }
    }

    // /proc/self/status has "Uid: real effective saved fs"; reading it avoids P/Invoke.
    private static int GetEffectiveUserId()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && int.TryParse(fields[2], out var uid) ? uid : -1;
    }
}
