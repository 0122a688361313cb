using System.Text.Json;
using Npgsql;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.SqlApi;

namespace Orchestrator.Cortex.Statements;

/// <summary>
/// A finished result, spilled to disk one partition per file (each file holds the partition's
/// <c>data</c> array as JSON), so neither running the query nor serving partitions holds more than
/// one partition in memory however many rows there are.
/// </summary>
public sealed class StatementResult : IDisposable
{
    private readonly string _directory;

    private StatementResult(string directory, IReadOnlyList<ColumnType> rowType, IReadOnlyList<PartitionInfo> partitions, bool truncated)
    {
        Truncated = truncated;
        _directory = directory;
        RowType = rowType;
        Partitions = partitions;
    }

    /// <summary>The columns.</summary>
    public IReadOnlyList<ColumnType> RowType { get; }

    /// <summary>The partitions, in order.</summary>
    public IReadOnlyList<PartitionInfo> Partitions { get; }

    /// <summary>Whether the result was cut at the row cap.</summary>
    public bool Truncated { get; }

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
    /// Rows beyond <paramref name="rowCap"/> are not read, and the result says it was truncated.
    public static async Task<StatementResult> WriteAsync(NpgsqlDataReader reader, string directory, int partitionRows, int rowCap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Directory.CreateDirectory(directory);
        var rowType = reader.GetColumnSchema().Select(SnowflakeTypes.ToColumnType).ToList();
        var partitions = new List<PartitionInfo>();
        var total = 0L;
        var truncated = false;
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
                    if (total++ == rowCap)
                    {
                        more = false;
                        truncated = true;
                        break;
                    }

                    json.WriteStartArray();
                    for (var i = 0; i < rowType.Count; i++)
                    {
                        json.WriteStringValue(SnowflakeTypes.ToCell(reader, i));
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

        return new StatementResult(directory, rowType, partitions, truncated);
    }

    private static string PartitionPath(string directory, int index) => Path.Combine(directory, $"{index}.json");
}
