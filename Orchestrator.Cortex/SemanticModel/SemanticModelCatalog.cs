using System.Reflection;

namespace Orchestrator.Cortex.SemanticModel;

/// <summary>The semantic models the local backend serves, by name (case-insensitive).</summary>
public sealed class SemanticModelCatalog
{
    private readonly Dictionary<string, SemanticModelDocument> _models;

    /// <summary>Creates a catalog of <paramref name="models"/>.</summary>
    public SemanticModelCatalog(IEnumerable<SemanticModelDocument> models) =>
        _models = models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every model.</summary>
    public IReadOnlyCollection<SemanticModelDocument> Models => _models.Values;

    /// <summary>Loads and validates the YAML models embedded in this assembly (SemanticModel/Models/*.yaml).</summary>
    /// <exception cref="SemanticModelException">An embedded model is invalid: the service must not start with it.</exception>
    public static SemanticModelCatalog LoadEmbedded()
    {
        var assembly = typeof(SemanticModelCatalog).Assembly;
        var models = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".SemanticModel.Models.", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => SemanticModelParser.Parse(ReadResource(assembly, n)))
            .ToList();
        return new SemanticModelCatalog(models);
    }

    /// <summary>The model called <paramref name="name"/>, or null.</summary>
    public SemanticModelDocument? Find(string name) => _models.GetValueOrDefault(name);

    /// <summary>
    /// The model a stage file path (<c>@db.schema.stage/path/retail.yaml</c>) or a semantic view name
    /// (<c>db.schema.retail</c>) refers to: matched by the file's stem or the view's last segment.
    /// </summary>
    public SemanticModelDocument? FindByReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim();
        if (name.StartsWith('@') || name.Contains('/', StringComparison.Ordinal))
        {
            name = Path.GetFileNameWithoutExtension(name.TrimStart('@').Split('/')[^1]);
        }
        else
        {
            name = name.Split('.')[^1].Trim('"');
        }

        return Find(name);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
