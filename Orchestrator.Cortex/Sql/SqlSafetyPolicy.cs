namespace Orchestrator.Cortex.Sql;

/// <summary>What the read-only check admits beyond a single SELECT or WITH … SELECT.</summary>
public sealed record SqlSafetyPolicy
{
    /// <summary>
    /// The relations (lower-case, unqualified) a query may read, or <see langword="null"/> for any.
    /// CTE names declared in the statement are always allowed.
    /// </summary>
    public IReadOnlySet<string>? AllowedRelations { get; init; }

    /// <summary>The schemas a relation may be qualified with when <see cref="AllowedRelations"/> is set.</summary>
    public IReadOnlySet<string> AllowedSchemas { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "public" };

    /// <summary>
    /// Whether comments are tolerated. Off by default: they change nothing a read-only query can do,
    /// and refusing them keeps what a reviewer reads identical to what the server runs.
    /// </summary>
    public bool AllowComments { get; init; }

    /// <summary>Any SELECT over any non-system relation: the SQL API on the local backend.</summary>
    public static SqlSafetyPolicy Default { get; } = new();

    /// <summary>Only the given relations: SQL a model wrote from a semantic model.</summary>
    public static SqlSafetyPolicy ForRelations(IEnumerable<string> relations) => new()
    {
        AllowedRelations = new HashSet<string>(relations.Select(r => r.ToLowerInvariant()), StringComparer.Ordinal),
    };
}

/// <summary>The outcome of the read-only check.</summary>
/// <param name="IsSafe">Whether the statement may run.</param>
/// <param name="Reason">Why it may not, in words a client can act on; <see langword="null"/> when safe.</param>
/// <param name="Relations">The relations the statement reads (as written, lower-cased when unquoted).</param>
public sealed record SqlSafetyVerdict(bool IsSafe, string? Reason, IReadOnlyList<string> Relations)
{
    /// <summary>A refusal for <paramref name="reason"/>.</summary>
    public static SqlSafetyVerdict Refused(string reason) => new(false, reason, []);
}
