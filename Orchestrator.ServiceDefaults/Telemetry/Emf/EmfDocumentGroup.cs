namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>The metrics of one export that share one set of dimension values: one or more EMF documents.</summary>
internal sealed class EmfDocumentGroup(SortedDictionary<string, string> dimensions, DateTimeOffset timestamp)
{
    private readonly Dictionary<string, EmfValue> _byName = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, EmfValue>> _metrics = [];

    public SortedDictionary<string, string> Dimensions { get; } = dimensions;

    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary>The metrics in the order they were first seen.</summary>
    public IReadOnlyList<KeyValuePair<string, EmfValue>> Metrics => _metrics;

    /// <summary>
    /// The value to add the point to, or <c>null</c> when another instrument of a different kind already
    /// wrote this name with these dimensions (a document cannot hold one name twice).
    /// </summary>
    public EmfValue? Value(string name, EmfValueKind kind, string unit)
    {
        if (_byName.TryGetValue(name, out var existing))
        {
            return existing.Kind == kind ? existing : null;
        }

        var value = kind switch
        {
            EmfValueKind.Total => EmfValue.Total(unit),
            EmfValueKind.Readings => EmfValue.Readings(unit),
            _ => EmfValue.Statistics(unit),
        };
        _byName.Add(name, value);
        _metrics.Add(new(name, value));
        return value;
    }
}
