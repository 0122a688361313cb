namespace Orchestrator.Cortex.Local;

/// <summary>The Snowflake error code a client would see for a PostgreSQL SQLSTATE.</summary>
public static class SnowflakeErrorCodes
{
    public static string FromSqlState(string sqlState) => sqlState switch
    {
        "42601" => "001003", // SQL compilation error: syntax error
        "42P01" => "002003", // object does not exist or not authorized
        "42703" => "000904", // invalid identifier
        "42501" or "25006" => "003001", // insufficient privileges / read-only
        "57014" => "000630", // statement reached its timeout
        _ => "002140",
    };
}
