using System.Globalization;
using System.Reflection;

namespace Orchestrator.ServiceDefaults.Data;

/// <summary>Reads a component's migrations from the embedded resources of its assembly.</summary>
public static class SqlMigrationSource
{
    /// <summary>
    /// Every embedded resource under <c>Migrations/</c> named <c>NNNN_description.sql</c>, in version
    /// order. Embed them with <c>&lt;EmbeddedResource Include="Migrations\*.sql" /&gt;</c>.
    /// </summary>
    public static IReadOnlyList<SqlMigration> FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var fileName = resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SqlMigration(version, fileName[(separator + 1)..^".sql".Length], reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new InvalidOperationException($"Two migrations of {assembly.GetName().Name} have version {duplicate.Key}.")
            : migrations.OrderBy(m => m.Version).ToList();
    }
}
