namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>
/// One metric's value in one EMF document. Points that end up with the same dimension values (status
/// codes 200 and 204 both become <c>2xx</c>) are merged: counts add, statistic sets combine, gauge
/// readings become several values.
/// </summary>
internal sealed class EmfValue
{
    private readonly List<double> _values = [];

    private EmfValue(EmfValueKind kind, string unit) => (Kind, Unit) = (kind, unit);

    public EmfValueKind Kind { get; }

    public string Unit { get; }

    public double Sum { get; private set; }

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public IReadOnlyList<double> Values => _values;

    public static EmfValue Total(string unit) => new(EmfValueKind.Total, unit);

    public static EmfValue Readings(string unit) => new(EmfValueKind.Readings, unit);

    public static EmfValue Statistics(string unit) => new(EmfValueKind.StatisticSet, unit);

    public void AddTotal(double delta) => Sum += delta;

    public void AddReading(double value) => _values.Add(value);

    public void AddStatistics(double min, double max, double sum, long count)
    {
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Sum += sum;
        Count += count;
    }
}

/// <summary>How a value is written.</summary>
internal enum EmfValueKind
{
    /// <summary>A number: the delta of a counter over the interval.</summary>
    Total,

    /// <summary>A number or an array of numbers: gauge and up-down-counter readings.</summary>
    Readings,

    /// <summary><c>{Min, Max, Sum, Count}</c>: a histogram over the interval.</summary>
    StatisticSet,
}
