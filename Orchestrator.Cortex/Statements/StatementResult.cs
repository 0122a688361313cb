using System.Text.Json;
using Npgsql;

namespace Orchestrator.Cortex.Statements;

/// <summary>The size of one result partition.</summary>
public sealed record PartitionInfo(long RowCount, long UncompressedSize);

/// <summary>
/// A finished result, spilled to disk one partition per file (each file holds the partition's
/// <c>data</c> array as JSON), so neither running the query nor serving partitions holds more than
/// one partition in memory however many rows there are.
/// </summary>
public sealed class StatementResult : IDisposable
{
    private readonly string _directory;

    private StatementResult(string directory, IReadOnlyList<SnowflakeRowType> rowType, IReadOnlyList<PartitionInfo> partitions)
    {
        _directory = directory;
        RowType = rowType;
        Partitions = partitions;
    }

    /// <summary>The columns.</summary>
    public IReadOnlyList<SnowflakeRowType> RowType { get; }

    /// <summary>The partitions, in order.</summary>
    public IReadOnlyList<PartitionInfo> Partitions { get; }

    /// <summary>The total number of rows.</summary>
    public long NumRows => Partitions.Sum(p => p.RowCount);

    /// <summary>Reads partition <paramref name="index"/>'s data array (raw JSON).</summary>
    public Task<byte[]> ReadPartitionAsync(int index, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PartitionPath(_directory, index), cancellationToken);

    /// <summary>Deletes the spilled partitions.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A reader may still hold a file; the retention sweep of the directory's parent is best effort.
        }
    }

    /// <summary>
    /// Reads every row of <paramref name="reader"/> into partition files under <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="RowCapExceededException">The result has more than <paramref name="rowCap"/> rows.</exception>
    public static async Task<StatementResult> WriteAsync(NpgsqlDataReader reader, string directory, int partitionRows, int rowCap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Directory.CreateDirectory(directory);
        var rowType = reader.GetColumnSchema().Select(SnowflakeTypes.RowType).ToList();
        var partitions = new List<PartitionInfo>();
        var total = 0L;
        var more = await reader.ReadAsync(cancellationToken);
        do
        {
            var path = PartitionPath(directory, partitions.Count);
            long rows = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var json = new Utf8JsonWriter(file))
            {
                json.WriteStartArray();
                while (more && rows < partitionRows)
                {
                    if (++total > rowCap)
                    {
                        throw new RowCapExceededException(rowCap);
                    }

                    json.WriteStartArray();
                    for (var i = 0; i < rowType.Count; i++)
                    {
                        json.WriteStringValue(SnowflakeTypes.Cell(reader, i));
                    }

                    json.WriteEndArray();
                    rows++;
                    if (json.BytesPending > 32 * 1024)
                    {
                        await json.FlushAsync(cancellationToken);
                    }

                    more = await reader.ReadAsync(cancellationToken);
                }

                json.WriteEndArray();
                await json.FlushAsync(cancellationToken);
                partitions.Add(new PartitionInfo(rows, file.Length));
            }
        }
        while (more);

        return new StatementResult(directory, rowType, partitions);
    }

    private static string PartitionPath(string directory, int index) => Path.Combine(directory, $"{index}.json");
}

/// <summary>A result longer than the configured row cap.</summary>
public sealed class RowCapExceededException : Exception
{
    public RowCapExceededException() { }

    public RowCapExceededException(string message) : base(message) { }

    public RowCapExceededException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for <paramref name="rowCap"/>.</summary>
    public RowCapExceededException(int rowCap) : base($"The result has more than {rowCap} rows (Cortex:Sql:RowCap); add a LIMIT or aggregate.") { }
}
