using Orchestrator.AgentCore.Auth;
using Orchestrator.ServiceDefaults.Data;

namespace Orchestrator.AgentCore;

/// <summary>
/// <c>dotnet run --project Orchestrator.AgentCore -- create-api-key --owner NAME</c>: migrates the
/// database, creates a key and prints it once, instead of serving.
/// </summary>
public static class ApiKeyCommand
{
    public const string Name = "create-api-key";

    /// <summary>Runs the command when <paramref name="args"/> names it.</summary>
    /// <returns>The process exit code when the command ran (the caller exits instead of serving), else null.</returns>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0] != Name)
        {
            return null;
        }

        var ownerIndex = Array.IndexOf(args, "--owner");
        if (ownerIndex < 0 || ownerIndex + 1 >= args.Length || string.IsNullOrWhiteSpace(args[ownerIndex + 1]))
        {
            await error.WriteLineAsync($"Usage: {Name} --owner NAME (ConnectionStrings:{ResourceNames.OrchestratorDb} must be set).");
            return 2;
        }

        using var scope = app.Services.CreateScope();
        var migrator = ActivatorUtilities.CreateInstance<SqlMigrator>(scope.ServiceProvider);
        await migrator.ApplyAsync(AgentCoreServiceExtensions.MigrationComponent, SqlMigrationSource.FromAssembly(typeof(ApiKeyCommand).Assembly), CancellationToken.None);
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(args[ownerIndex + 1], CancellationToken.None);
        await output.WriteLineAsync($"API key for '{created.Owner}' (id {created.Id}); store it now, it is not shown again:");
        await output.WriteLineAsync(created.Key);
        return 0;
    }
}
