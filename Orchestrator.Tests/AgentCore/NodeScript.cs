using System.Diagnostics;

namespace Orchestrator.Tests.AgentCore;

/// <summary>Runs a script of <c>Orchestrator.Tests/AgentCore/js</c> with node (packages from eng/setup-agentcore.sh).</summary>
public static class NodeScript
{
    public static string Directory { get; } = FindDirectory();

    public static async Task<string> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
        {
            throw new InvalidOperationException($"{Directory}/node_modules is missing; run eng/setup-agentcore.sh (or eng/setup.sh).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"node {script} exited with {process.ExitCode}:\n{await error}\n{await output}");
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Orchestrator.Tests", "AgentCore", "js");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Orchestrator.Tests/AgentCore/js not found above the test output folder.");
    }
}
