namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Prepares the process for the jsii runtime behind AWS CDK: a private temporary directory, removed
/// when the process ends, and no end-of-life banner for Node 20.
/// </summary>
/// <remarks>
/// The jsii runtime starts one Node process per .NET process and unpacks the CDK libraries (about
/// 64 MB) into the temporary directory without removing them. Node inherits <c>TMPDIR</c> when it
/// starts and loads library files lazily, so the directory must live as long as the process: one
/// publish is one process, so each synthesis of <c>aspire publish</c> gets its own directory.
/// </remarks>
public static class CdkRuntime
{
    private static readonly Lock Gate = new();
    private static string? _directory;

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

            var directory = Path.Combine(Path.GetTempPath(), $"orchestrator-cdk-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            Directory.CreateDirectory(directory);
            Environment.SetEnvironmentVariable("TMPDIR", directory);
            Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
            _directory = directory;
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
