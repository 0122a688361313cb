namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Prepares the process for the jsii runtime behind AWS CDK: a private temporary directory, removed
/// when the process ends, and no end-of-life banner for Node 20.
/// </summary>
/// <remarks>
/// The jsii runtime starts one Node process per .NET process and unpacks the CDK libraries (about
/// 64 MB) into the temporary directory without removing them. Node inherits <c>TMPDIR</c> when it
/// starts and loads library files lazily, so the directory must live as long as the process: one
/// publish is one process, so each synthesis of <c>aspire publish</c> gets its own directory. A
/// process killed before its exit handler ran leaves its directory; the next one removes it.
/// </remarks>
public static class CdkRuntime
{
    private const string Prefix = "orchestrator-cdk-";
    private static readonly Lock Gate = new();
    private static string? _directory;
    private static string? _originalTmpDir;

    /// <summary>The private temporary directory, once the runtime is prepared.</summary>
    public static string? TemporaryDirectory => _directory;

    /// <summary>Prepares the process once; later calls do nothing.</summary>
    public static void EnsurePrepared()
    {
        lock (Gate)
        {
            if (_directory is not null)
            {
                return;
            }

            DeleteStale(Path.GetTempPath());
            var directory = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            Directory.CreateDirectory(directory);
            _originalTmpDir = Environment.GetEnvironmentVariable("TMPDIR");
            Environment.SetEnvironmentVariable("TMPDIR", directory);
            Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
            _directory = directory;
        }
    }

    /// <summary>
    /// Deletes the private directory now (when no synthesis will follow in this process, e.g. after a
    /// test run) and gives the process its own <c>TMPDIR</c> back, so later temporary files of the
    /// same process do not point into the deleted directory.
    /// </summary>
    public static void DeleteTemporaryDirectory()
    {
        lock (Gate)
        {
            if (_directory is not null)
            {
                // TMPDIR first: deleting 64 MB takes a while, and a process started meanwhile (a test's node or
                // chromium) would inherit a TMPDIR that is vanishing under it.
                Environment.SetEnvironmentVariable("TMPDIR", _originalTmpDir);
                DeleteQuietly(_directory);
            }
        }
    }

    // A process that was killed never ran its exit handler: remove directories whose process is gone.
    private static void DeleteStale(string temp)
    {
        foreach (var directory in Directory.EnumerateDirectories(temp, Prefix + "*"))
        {
            var pid = Path.GetFileName(directory)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, out var id) && !IsRunning(id))
            {
                DeleteQuietly(directory);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at exit: a file still held open is left to the system's temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
