namespace Orchestrator.Hosting.Aws.Deployment;

/// <summary>A command line to run: the AWS CLI or the .NET SDK.</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments, unquoted.</param>
/// <param name="Environment">Extra environment variables (values may be secret and are never logged).</param>
/// <param name="StandardInput">Text written to standard input (used to pass secrets without putting them on the command line).</param>
public sealed record CommandSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? StandardInput = null)
{
    /// <summary>The command as a shell would show it, without environment values or input.</summary>
    public override string ToString() =>
        string.Join(' ', Arguments.Prepend(FileName).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

/// <summary>What a command produced.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs commands: the real processes in deployment, a recording fake in tests.</summary>
public interface ICommandRunner
{
    /// <summary>Runs the command to completion.</summary>
    Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken);
}
