namespace Orchestrator.Cortex.Sql;

/// <summary>A SQL text that cannot be tokenized (an unterminated string, comment or identifier).</summary>
public sealed class SqlSyntaxException : Exception
{
    public SqlSyntaxException() { }

    public SqlSyntaxException(string message) : base(message) { }

    public SqlSyntaxException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a problem at <paramref name="position"/>.</summary>
    public SqlSyntaxException(string message, int position) : base($"{message} at position {position}.") => Position = position;

    /// <summary>The offset in the statement where tokenizing failed.</summary>
    public int Position { get; }
}
