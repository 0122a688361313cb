using System.Text.Json.Serialization;

namespace Orchestrator.Cortex.SqlApi;

/// <summary>A finished statement's result, in the SQL API's <c>ResultSet</c> shape.</summary>
public sealed record ResultSet
{
    [JsonPropertyName("code")]
    public string Code { get; init; } = "090001";

    [JsonPropertyName("sqlState")]
    public string SqlState { get; init; } = "00000";

    [JsonPropertyName("message")]
    public string Message { get; init; } = "Statement executed successfully.";

    [JsonPropertyName("statementHandle")]
    public required string StatementHandle { get; init; }

    [JsonPropertyName("createdOn")]
    public required long CreatedOn { get; init; }

    [JsonPropertyName("statementStatusUrl")]
    public required string StatementStatusUrl { get; init; }

    [JsonPropertyName("resultSetMetaData")]
    public required ResultSetMetaData ResultSetMetaData { get; init; }

    /// <summary>Rows of cells; every cell is a string or null, as the SQL API sends them.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<string?[]> Data { get; init; }
}

/// <summary>Column and partition metadata of a result set.</summary>
public sealed record ResultSetMetaData
{
    [JsonPropertyName("format")]
    public string Format { get; init; } = "jsonv2";

    [JsonPropertyName("numRows")]
    public required long NumRows { get; init; }

    [JsonPropertyName("rowType")]
    public required IReadOnlyList<ColumnType> RowType { get; init; }

    [JsonPropertyName("partitionInfo")]
    public required IReadOnlyList<PartitionInfo> PartitionInfo { get; init; }
}

/// <summary>One column: its name and its Snowflake type.</summary>
public sealed record ColumnType(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("precision")] long Precision,
    [property: JsonPropertyName("scale")] long Scale,
    [property: JsonPropertyName("nullable")] bool Nullable);

/// <summary>Size of one partition of a result.</summary>
public sealed record PartitionInfo(
    [property: JsonPropertyName("rowCount")] long RowCount,
    [property: JsonPropertyName("uncompressedSize")] long UncompressedSize);

/// <summary>The SQL API's error body (<c>QueryFailureStatus</c>): a Snowflake code, the SQLSTATE and a message.</summary>
public sealed record QueryFailureStatus(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("sqlState")] string SqlState,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("statementHandle")] string StatementHandle,
    [property: JsonPropertyName("createdOn")] long CreatedOn,
    [property: JsonPropertyName("statementStatusUrl")] string? StatementStatusUrl = null);

/// <summary>The SQL API's <c>QueryStatus</c>: a statement still running (202), with where to poll.</summary>
public sealed record QueryStatus(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("sqlState")] string SqlState,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("statementHandle")] string StatementHandle,
    [property: JsonPropertyName("createdOn")] long CreatedOn,
    [property: JsonPropertyName("statementStatusUrl")] string StatementStatusUrl);

/// <summary>The SQL API's <c>CancelStatus</c>.</summary>
public sealed record CancelStatus(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("sqlState")] string SqlState,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("statementHandle")] string StatementHandle,
    [property: JsonPropertyName("statementStatusUrl")] string StatementStatusUrl);
